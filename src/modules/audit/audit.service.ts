import type { DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import { Prisma, type AuditEntry as AuditRow } from '../../generated/prisma/client.js';
import { fromGlobalId, newId, parseGlobalId, type NodeType } from '../../ids.js';
import { searchText } from '../../validation.js';
import { isIdCursor, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AuditFilter } from './audit.inputs.js';

export interface AuditRecord {
  /** The mutation that made the change, such as "setVerdict". */
  operation: string;
  /** A node type, or 'ClaimReviewRating' for the runtime rating map, whose entries have no global ID. */
  entityType: NodeType | 'ClaimReviewRating';
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit entry. Call it inside the transaction that makes the
 * change: the entry commits with it or not at all.
 */
export async function recordAudit(tx: Prisma.TransactionClient, actor: Actor, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({ data: auditRow(actor, record) });
}

/**
 * Many entries in one statement, for bulk writes: each entity keeps an entry
 * of its own. The rows go as one JSON parameter: through createMany, building
 * ten placeholders per row cost more than the database spent writing them.
 */
export async function recordAudits(
  tx: Prisma.TransactionClient,
  actor: Actor,
  operation: string,
  records: Omit<AuditRecord, 'operation'>[],
): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((record) => ({
    id: newId(),
    entity_type: record.entityType,
    entity_id: record.entityId,
    before: record.before ?? null,
    after: record.after ?? null,
  }));
  // A JSON null snapshot becomes SQL NULL, as recordAudit stores it.
  await tx.$executeRaw`${auditInsertSql(
    actor,
    operation,
    Prisma.sql`SELECT * FROM jsonb_to_recordset(CAST(${JSON.stringify(rows)} AS jsonb)) AS r(id uuid, entity_type text, entity_id uuid, before jsonb, after jsonb)`,
  )}`;
}

/**
 * An INSERT of audit entries by `actor` for `operation`, one for each row of
 * `rows` (id uuid, entity_type text, entity_id uuid, before jsonb, after
 * jsonb, in that order), for writes that record their entries in a
 * statement of their own making. The key's columns are the same for every
 * row: parameters of their own.
 */
export function auditInsertSql(actor: Actor, operation: string, rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO audit_entry (id, key_id, key_name, key_role, operation, entity_type, entity_id, before, after)
    SELECT x.id, CAST(${actor.keyId} AS uuid), ${actor.name}, CAST(CAST(${actor.role} AS text) AS role), ${operation},
      x.entity_type, x.entity_id, x.before, x.after
    FROM (${rows}) AS x(id, entity_type, entity_id, before, after)`;
}

function auditRow(actor: Actor, record: AuditRecord) {
  return {
    keyId: actor.keyId,
    keyName: actor.name,
    keyRole: actor.role,
    operation: record.operation,
    entityType: record.entityType,
    entityId: record.entityId,
    before: snapshot(record.before),
    after: snapshot(record.after),
  };
}

/** Rows as plain JSON: dates as ISO strings, nothing that JSON cannot hold. */
function snapshot(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

export class AuditService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  /** Newest first. */
  async list(actor: Actor | null, filter: AuditFilter | null | undefined, page: PageArgs): Promise<Page<AuditRow>> {
    requireRole(actor, 'ADMIN');
    const request = pageRequest(page, this.limits, isIdCursor);
    const where: Prisma.AuditEntryWhereInput = {};
    if (filter?.entityId != null) {
      const entity = parseGlobalId(filter.entityId.trim());
      if (!entity) throw new BadUserInputError('filter.entityId is not a valid ID', 'filter.entityId');
      where.entityType = entity.type;
      where.entityId = entity.id;
    }
    if (filter?.keyId != null) where.keyId = fromGlobalId('ApiKey', filter.keyId, 'filter.keyId');
    if (filter?.operation != null) where.operation = searchText('filter.operation', filter.operation, 100);
    if (filter?.from != null || filter?.to != null) {
      if (filter.from != null && filter.to != null && filter.from >= filter.to) {
        throw new BadUserInputError('filter.from must be earlier than filter.to', 'filter.from');
      }
      where.createdAt = { ...(filter.from != null ? { gte: filter.from } : {}), ...(filter.to != null ? { lt: filter.to } : {}) };
    }
    const rows = await this.db.auditEntry.findMany({
      where: request.after ? { AND: [where, { id: { lt: request.after.id } }] } : where,
      orderBy: { id: 'desc' },
      take: request.first + 1,
    });
    return toPage(rows, request, (row) => ({ id: row.id }), (row) => row, () => this.db.auditEntry.count({ where }));
  }
}
