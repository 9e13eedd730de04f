import { inTransaction, type DbClient } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { StatementLink as LinkRow } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../ids.js';
import { optionalText } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { linkPayload } from '../events/event.payloads.js';
import { recordEvent } from '../events/event.record.js';
import { hasRole, requireRole, type Actor } from '../auth/actor.js';
import { reopenIfStale } from '../review/review.reopen.js';
import type { LinkStatementsInput, UnlinkStatementsInput } from './link.inputs.js';

export const NOTE_MAX = 1000;

export class LinkService {
  constructor(private readonly db: DbClient) {}

  async link(actor: Actor | null, input: LinkStatementsInput): Promise<LinkRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const { fromId, toId } = this.ends(input);
    const note = optionalText('input.note', input.note, NOTE_MAX) ?? null;
    try {
      return await inTransaction(this.db, async (tx) => {
        // A repeat may reopen review of the statement it repeats, which locks
        // it; both ends are locked first, in one order, so that links made
        // at once (whose foreign key checks share-lock the rows) never wait
        // on each other in a circle.
        if (input.kind === 'REPEATS') {
          await tx.$queryRaw`SELECT s.id FROM statement s WHERE s.id IN (${fromId}::uuid, ${toId}::uuid) ORDER BY s.id FOR UPDATE`;
        }
        const found = new Map(
          (await tx.statement.findMany({ where: { id: { in: [fromId, toId] } }, select: { id: true, createdAt: true } })).map((s) => [s.id, s]),
        );
        const from = found.get(fromId);
        if (!from) throw new NotFoundError('Statement', input.fromId, 'input.fromId');
        if (!found.has(toId)) throw new NotFoundError('Statement', input.toId, 'input.toId');
        const row = await tx.statementLink.create({ data: { fromId, toId, kind: input.kind, note, createdById: by.keyId, createdByRole: by.role } });
        await recordAudit(tx, by, { operation: 'linkStatements', entityType: 'StatementLink', entityId: row.id, after: row });
        await recordEvent(tx, { type: 'LINK_CREATED', statementId: row.fromId, payload: linkPayload(row) });
        // Saying a checked claim again brings it to a new audience.
        if (row.kind === 'REPEATS') await reopenIfStale(tx, by, toId, { reason: 'REPEATED', statementId: fromId, createdAt: from.createdAt });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`These statements already have a ${input.kind} link in this direction`, { field: 'input' });
      }
      throw error;
    }
  }

  /**
   * Removes the link and returns it as it was. A link made by a higher role
   * (a fact-checker's rebuttal) needs that role to remove: otherwise anyone
   * could make a statement undisputed again.
   */
  async unlink(actor: Actor | null, input: UnlinkStatementsInput): Promise<LinkRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const { fromId, toId } = this.ends(input);
    return inTransaction(this.db, async (tx) => {
      const where = { fromId_toId_kind: { fromId, toId, kind: input.kind } };
      const existing = await tx.statementLink.findUnique({ where });
      if (!existing) {
        throw new NotFoundError('StatementLink', `${input.kind} from ${input.fromId} to ${input.toId}`, 'input');
      }
      if (!hasRole(by, existing.createdByRole)) {
        throw new ForbiddenError(
          `This ${existing.kind} link was made by a ${existing.createdByRole}; removing it needs that role (the key "${by.name}" is ${by.role})`,
          { requiredRole: existing.createdByRole, role: by.role },
        );
      }
      const removed = await tx.statementLink.delete({ where });
      await recordAudit(tx, by, { operation: 'unlinkStatements', entityType: 'StatementLink', entityId: removed.id, before: removed });
      await recordEvent(tx, { type: 'LINK_REMOVED', statementId: removed.fromId, payload: linkPayload(removed) });
      return removed;
    });
  }

  private ends(input: { fromId: string; toId: string }): { fromId: string; toId: string } {
    const fromId = fromGlobalId('Statement', input.fromId, 'input.fromId');
    const toId = fromGlobalId('Statement', input.toId, 'input.toId');
    if (fromId === toId) throw new BadUserInputError('A statement cannot be linked to itself', 'input.toId');
    return { fromId, toId };
  }
}
