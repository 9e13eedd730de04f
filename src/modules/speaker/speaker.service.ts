import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { Prisma, type Speaker as SpeakerRow } from '../../generated/prisma/client.js';
import { fromGlobalId, toGlobalId } from '../../ids.js';
import { mixedScriptWord, nameSkeleton, nameText, optionalNameText } from '../../names.js';
import { isNameCursor, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { fuzzyWords } from '../../search.js';
import { searchText } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import type { CreateSpeakerInput } from './speaker.inputs.js';

export const MAX_ALIASES = 50;
/**
 * Looser than statement search: names are short, often transliterated
 * ("Mistrua" for "Mistura" shares only a third of its trigrams), and the
 * speaker table is small enough to compare every name.
 */
const NAME_SIMILARITY = 0.3;
export const NAME_MAX = 200;


export class SpeakerService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
  ) {}

  async get(id: string, field = 'id'): Promise<SpeakerRow> {
    const row = await this.db.speaker.findUnique({ where: { id: fromGlobalId('Speaker', id, field) } });
    if (!row) throw new NotFoundError('Speaker', id, field);
    return row;
  }

  /**
   * Alphabetical by name. `search` matches a part of the name or of an alias,
   * or a near spelling of either ("Mistura", "de Mistrua").
   */
  async list(search: string | null | undefined, page: PageArgs): Promise<Page<SpeakerRow>> {
    const request = pageRequest(page, this.limits, isNameCursor);
    const conditions: Prisma.Sql[] = [];
    if (search != null) {
      const query = searchText('search', search, NAME_MAX);
      const like = '%' + query.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
      conditions.push(Prisma.sql`(
        sp.name ILIKE ${like}
        OR EXISTS (SELECT 1 FROM unnest(sp.aliases) AS alias WHERE alias ILIKE ${like})
        ${fuzzyNameMatch(query)})`);
    }
    const where = (extra: Prisma.Sql[]) => {
      const all = [...conditions, ...extra];
      return all.length ? Prisma.sql`WHERE ${Prisma.join(all, ' AND ')}` : Prisma.empty;
    };
    const after = request.after;
    const keyset = after ? [Prisma.sql`(sp.name, sp.id) > (${after.n}, ${after.id}::uuid)`] : [];
    const rows = await this.db.$queryRaw<SpeakerRow[]>`
      SELECT sp.id, sp.name, sp.kind::text AS kind, sp.affiliation, sp.title, sp.aliases,
             sp.created_at AS "createdAt", sp.updated_at AS "updatedAt"
      FROM speaker sp ${where(keyset)}
      ORDER BY sp.name, sp.id
      LIMIT ${request.first + 1}`;
    return toPage(
      rows,
      request,
      (r) => ({ n: r.name, id: r.id }),
      (r) => r,
      async () => {
        const [{ count }] = await this.db.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM speaker sp ${where([])}`;
        return count;
      },
    );
  }

  async create(actor: Actor | null, input: CreateSpeakerInput): Promise<SpeakerRow> {
    const by = requireRole(actor, 'CONTRIBUTOR');
    const name = nameText('input.name', input.name, NAME_MAX);
    const aliases = normaliseAliases(input.aliases ?? [], name);
    const allowSimilar = input.allowSimilarName === true;
    const mixed = mixedScriptWord(name);
    if (mixed && !allowSimilar) {
      throw new BadUserInputError(
        `input.name mixes ${mixed.scripts.join(' and ')} letters in "${mixed.word}", as forged look-alike names do; pass allowSimilarName: true if the name is really written so`,
        'input.name',
        { scripts: mixed.scripts },
      );
    }
    const data = {
      name,
      nameSkeleton: nameSkeleton(name),
      kind: input.kind,
      affiliation: optionalNameText('input.affiliation', input.affiliation, NAME_MAX) ?? null,
      title: optionalNameText('input.title', input.title, NAME_MAX) ?? null,
      aliases,
    };
    return inTransaction(this.db, async (tx) => {
      if (!allowSimilar) await refuseLookalike(tx, data.name, data.nameSkeleton);
      const row = await tx.speaker.create({ data });
      await recordAudit(tx, by, { operation: 'createSpeaker', entityType: 'Speaker', entityId: row.id, after: row });
      return row;
    });
  }
}

/** Rows written before skeletons were stored, filled in a batch at a time. */
const BACKFILL_BATCH = 500;

/**
 * Refuses a name that looks like an existing speaker's (same skeleton): one
 * newsroom desk must not file statements under a twin it cannot tell apart.
 * Two concurrent creates can still both pass; the override exists for real
 * namesakes anyway, so no unique index enforces it.
 */
async function refuseLookalike(tx: Prisma.TransactionClient, name: string, skeleton: string): Promise<void> {
  await backfillSkeletons(tx);
  const twin = await tx.speaker.findFirst({ where: { nameSkeleton: skeleton }, orderBy: { id: 'asc' }, select: { id: true, name: true } });
  if (!twin) return;
  const same = twin.name === name;
  throw new ConflictError(
    `${same ? 'A speaker with this name already exists' : `input.name looks like the name of an existing speaker, "${twin.name}"`} (${toGlobalId('Speaker', twin.id)}): use that speaker, or pass allowSimilarName: true for a different person of the same name`,
    { field: 'input.name', existingSpeakerId: toGlobalId('Speaker', twin.id), existingName: twin.name },
  );
}

export async function backfillSkeletons(tx: Prisma.TransactionClient): Promise<void> {
  for (;;) {
    const missing = await tx.speaker.findMany({ where: { nameSkeleton: null }, select: { id: true, name: true }, take: BACKFILL_BATCH });
    // Not through Prisma's update, which would move updated_at: the speaker did not change.
    for (const row of missing) await tx.$executeRaw`UPDATE speaker SET name_skeleton = ${nameSkeleton(row.name)} WHERE id = ${row.id}::uuid`;
    if (missing.length < BACKFILL_BATCH) return;
  }
}

/** Every word of the query close to a word of the name or of an alias. */
function fuzzyNameMatch(query: string): Prisma.Sql {
  const words = fuzzyWords(query);
  if (words.length === 0) return Prisma.empty;
  const threshold = Prisma.raw(String(NAME_SIMILARITY));
  const close = words.map(
    (word) =>
      Prisma.sql`(strict_word_similarity(${word}, sp.name) >= ${threshold} OR strict_word_similarity(${word}, array_to_string(sp.aliases, ' ')) >= ${threshold})`,
  );
  return Prisma.sql`OR (${Prisma.join(close, ' AND ')})`;
}

/** Trimmed, without blanks, without the name itself, each spelling once (ignoring case). */
export function normaliseAliases(aliases: string[], name: string): string[] {
  if (aliases.length > MAX_ALIASES) {
    throw new BadUserInputError(`input.aliases takes at most ${MAX_ALIASES} names`, 'input.aliases');
  }
  const seen = new Set([name.toLocaleLowerCase()]);
  const result: string[] = [];
  aliases.forEach((alias, index) => {
    const text = optionalNameText(`input.aliases[${index}]`, alias, NAME_MAX);
    if (!text || seen.has(text.toLocaleLowerCase())) return;
    seen.add(text.toLocaleLowerCase());
    result.push(text);
  });
  return result;
}
