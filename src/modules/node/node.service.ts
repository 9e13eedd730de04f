import type { DbClient } from '../../db/client.js';
import { BadUserInputError } from '../../errors.js';
import { parseGlobalId, type NodeType } from '../../ids.js';
import { asNode } from './node.type.js';

/** Fetches anything by its global ID (Relay's `node` field). */
export class NodeService {
  constructor(private readonly db: DbClient) {}

  /** The object, or null when the ID is well formed but names nothing. */
  async find(globalId: string): Promise<object | null> {
    const parsed = parseGlobalId(globalId.trim());
    if (!parsed) throw new BadUserInputError('id is not a valid ID', 'id');
    const row = await this.fetch(parsed.type, parsed.id);
    return row ? asNode(parsed.type, row) : null;
  }

  private fetch(type: NodeType, id: string): Promise<object | null> {
    const where = { where: { id } };
    switch (type) {
      case 'Statement':
        return this.db.statement.findUnique(where);
      case 'Speaker':
        return this.db.speaker.findUnique(where);
      case 'Source':
        return this.db.source.findUnique(where);
      case 'Appearance':
        return this.db.appearance.findUnique(where);
      case 'StatementLink':
        return this.db.statementLink.findUnique(where);
      case 'Verdict':
        return this.db.verdict.findUnique(where);
      case 'Article':
        return this.db.article.findUnique(where);
      case 'Candidate':
        return this.db.candidate.findUnique(where);
      case 'ExternalReview':
        return this.db.externalReview.findUnique(where);
      case 'ApiKey':
      case 'AuditEntry':
      case 'Webhook':
        // Administrative records: listed by `apiKeys`, `auditLog` and `webhooks` for admins, never public.
        return Promise.resolve(null);
    }
  }
}
