/**
 * Rows that PostgreSQL built as JSON (row_to_json, json_agg) turned into the
 * shapes Prisma returns for the same tables: snake_case columns become
 * camelCase fields, and timestamps (columns named *_at, or already renamed
 * *At) become Dates.
 * Reading related rows as JSON lets one SQL statement return several tables.
 */
/** Column names are few and repeat on every row: each is converted once. */
const fieldNames = new Map<string, string>();
const camel = (column: string): string => {
  let name = fieldNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    fieldNames.set(column, name);
  }
  return name;
};

export function rowFromJson<TRow>(json: Record<string, unknown>): TRow {
  const row: Record<string, unknown> = {};
  for (const column in json) {
    const value = json[column];
    const name = camel(column);
    row[name] = name.endsWith('At') && typeof value === 'string' ? new Date(value) : value;
  }
  return row as TRow;
}

export function rowsFromJson<TRow>(json: unknown): TRow[] {
  return Array.isArray(json) ? json.map((row) => rowFromJson<TRow>(row as Record<string, unknown>)) : [];
}
