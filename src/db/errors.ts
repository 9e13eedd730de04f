/**
 * Recognising constraint violations, whichever way they reach us: Prisma's
 * own codes for model queries, PostgreSQL SQLSTATEs for raw SQL.
 */
function codes(error: unknown): string[] {
  const found: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const record = current as Record<string, unknown>;
    for (const key of ['code', 'originalCode']) if (typeof record[key] === 'string') found.push(record[key] as string);
    const meta = record.meta as Record<string, unknown> | undefined;
    const driver = meta?.driverAdapterError as Record<string, unknown> | undefined;
    const cause = (driver?.cause ?? record.cause) as Record<string, unknown> | undefined;
    if (cause && typeof cause.originalCode === 'string') found.push(cause.originalCode);
    if (cause && typeof cause.kind === 'string') found.push(cause.kind);
    current = cause;
  }
  return found;
}

export function isUniqueViolation(error: unknown): boolean {
  return codes(error).some((c) => c === 'P2002' || c === '23505' || c === 'UniqueConstraintViolation');
}

export function isForeignKeyViolation(error: unknown): boolean {
  return codes(error).some((c) => c === 'P2003' || c === '23503' || c === 'ForeignKeyConstraintViolation');
}
