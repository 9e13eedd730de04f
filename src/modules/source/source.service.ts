import { inTransaction, type DbClient } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { Source as SourceRow } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../ids.js';
import { isNameCursor, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { nameText } from '../../names.js';
import { countryCode, optionalHttpUrl, slug } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { CreateSourceInput } from './source.inputs.js';


export class SourceService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  /** By global ID or by slug: exactly one of them. */
  async find(id: string | null | undefined, slugValue: string | null | undefined): Promise<SourceRow> {
    if ((id == null) === (slugValue == null)) throw new BadUserInputError('Give either id or slug', id == null ? 'id' : 'slug');
    if (id != null) {
      const row = await this.db.source.findUnique({ where: { id: fromGlobalId('Source', id, 'id') } });
      if (!row) throw new NotFoundError('Source', id, 'id');
      return row;
    }
    const wanted = slug('slug', slugValue as string);
    const row = await this.db.source.findUnique({ where: { slug: wanted } });
    if (!row) throw new NotFoundError('Source', wanted, 'slug');
    return row;
  }

  /** Alphabetical by name. */
  async list(page: PageArgs): Promise<Page<SourceRow>> {
    const request = pageRequest(page, this.limits, isNameCursor);
    const after = request.after;
    const rows = await this.db.source.findMany({
      where: after ? { OR: [{ name: { gt: after.n } }, { name: after.n, id: { gt: after.id } }] } : undefined,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      take: request.first + 1,
    });
    return toPage(rows, request, (r) => ({ n: r.name, id: r.id }), (r) => r, () => this.db.source.count());
  }

  async create(actor: Actor | null, input: CreateSourceInput): Promise<SourceRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const data = {
      slug: slug('input.slug', input.slug),
      name: nameText('input.name', input.name, 200),
      kind: input.kind,
      country: input.country == null || input.country.trim() === '' ? null : countryCode('input.country', input.country),
      homepageUrl: optionalHttpUrl('input.homepageUrl', input.homepageUrl) ?? null,
      stateAffiliated: input.stateAffiliated ?? false,
      reach: input.reach ?? null,
    };
    if (data.reach !== null && data.reach < 0) throw new BadUserInputError('input.reach is an audience: 0 or more', 'input.reach');
    try {
      return await inTransaction(this.db, async (tx) => {
        const row = await tx.source.create({ data });
        await recordAudit(tx, by, { operation: 'createSource', entityType: 'Source', entityId: row.id, after: row });
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`A source with slug "${data.slug}" already exists`, { field: 'input.slug' });
      }
      throw error;
    }
  }
}
