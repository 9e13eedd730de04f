import { inTransaction, type DbClient } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Appearance as AppearanceRow } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../ids.js';
import { requireSources } from '../statement/statement.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { AddAppearanceInput } from './appearance.inputs.js';
import { checkAppearance } from './appearance.rules.js';
import { refreshFidelity } from '../fidelity/fidelity.service.js';
import { reopenIfStale } from '../review/review.reopen.js';

export class AppearanceService {
  constructor(private readonly db: DbClient) {}

  async add(actor: Actor | null, input: AddAppearanceInput): Promise<AppearanceRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const statementId = fromGlobalId('Statement', input.statementId, 'input.statementId');
    const appearance = checkAppearance(input, 'input');
    try {
      return await inTransaction(this.db, async (tx) => {
        // Locked before the insert, whose foreign key check share-locks the
        // row: two appearances arriving at once would otherwise both hold
        // that and both wait to lock it when reopening a stale finding.
        const [statement] = await tx.$queryRaw<{ id: string }[]>`SELECT s.id FROM statement s WHERE s.id = ${statementId}::uuid FOR UPDATE`;
        if (!statement) throw new NotFoundError('Statement', input.statementId, 'input.statementId');
        await requireSources(tx, [appearance]);
        const row = await tx.appearance.create({
          data: {
            statementId,
            sourceId: appearance.sourceId,
            url: appearance.url,
            publishedAt: appearance.publishedAt,
            wording: appearance.wording,
            carriedFromId: appearance.carriedFromId,
          },
        });
        await recordAudit(tx, by, { operation: 'addAppearance', entityType: 'Appearance', entityId: row.id, after: row });
        await refreshFidelity(tx, [statementId]);
        await reopenIfStale(tx, by, statementId, { reason: 'NEW_APPEARANCE', appearanceId: row.id, sourceId: row.sourceId, publishedAt: row.publishedAt });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`This statement already has an appearance at ${appearance.url}`, { field: 'input.url' });
      }
      throw error;
    }
  }
}
