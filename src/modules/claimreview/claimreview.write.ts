import { createHash } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client.js';
import type { SpeakerKind } from '../../generated/prisma/enums.js';
import { newId, toGlobalId } from '../../ids.js';
import { mixedScriptWord, nameSkeleton } from '../../names.js';
import { recordAudit, recordAudits } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { recordEvents, type EventRecord } from '../events/event.record.js';
import { backfillSkeletons } from '../speaker/speaker.service.js';
import { describeRating, hostOf, slugFrom, type ParsedAppearance, type ParsedReview } from './claimreview.parse.js';
import type { FindingStatus, RatingTable } from './claimreview.ratings.js';
import { ImportOutcome } from './claimreview.type.js';

type Tx = Prisma.TransactionClient;

/**
 * Held by every import batch and every rating mapping until commit: two
 * imports of the same documents then never both find them new, and a rating
 * mapped meanwhile is either seen by an import or applied to what it wrote.
 */
const IMPORT_LOCK = 7_242_002;

/**
 * The speaker of claims whose review names no claimant. Found by this id,
 * never by name, so that a real speaker called "Unknown claimant" is never
 * used for them, and the placeholder never for a real one. The
 * relevance_index migration names it too: its name is not indexed for search.
 */
export const UNKNOWN_CLAIMANT_ID = '00000000-0000-7000-8000-00000000c1a1';
export const UNKNOWN_CLAIMANT_NAME = 'Unknown claimant';
/**
 * Its name skeleton: no name's skeleton starts with a blank (names are
 * trimmed), so the placeholder is never taken for a look-alike of a real name.
 */
const UNKNOWN_CLAIMANT_SKELETON = ' unknown claimant placeholder';

export interface ReviewToWrite {
  index: number;
  review: ParsedReview;
}

export interface WrittenOutcome {
  outcome: ImportOutcome;
  reason: string | null;
  statementId: string | null;
}

/** The audit entity of a runtime rating mapping: a stable id per rating, since ratings have no row id. */
export function ratingEntityId(key: string): string {
  const hex = createHash('sha256').update(`claim-review-rating:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function lockImports(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${Prisma.raw(String(IMPORT_LOCK))})`;
}

/** The runtime rating mappings, read afresh: another process may have changed them a moment ago. */
export async function ratingMappings(tx: Tx): Promise<[string, FindingStatus][]> {
  const rows = await tx.claimReviewRating.findMany({ select: { ratingKey: true, status: true } });
  return rows.map((r) => [r.ratingKey, r.status as FindingStatus]);
}

const json = (value: unknown) => Prisma.sql`CAST(${JSON.stringify(value)} AS jsonb)`;
// Lists are passed as one JSON parameter (array parameters are not mapped alike
// by every driver adapter) and compared with = ANY (ARRAY(...)), which the
// planner serves from an index even without statistics, as on the embedded
// database; IN (SELECT ...) can be planned as a scan of the whole table.
/** PostgreSQL's btrim trims spaces only; the in-call duplicate check must agree with the database's. */
const claimKey = (speakerId: string, text: string) => `${speakerId}\n${text.replace(/^ +| +$/g, '').toLowerCase()}`;

interface NewSpeaker {
  id: string;
  name: string;
  kind: SpeakerKind;
  title: string | null;
  name_skeleton: string;
}

interface NewSource {
  id: string;
  slug: string;
  name: string;
  homepage_url: string | null;
}

/**
 * Writes one batch of checked reviews in the caller's transaction: speakers,
 * sources, statements and appearances that are new, and one external review
 * per review, each kind of row in one statement; one audit entry and the
 * events of the new statements. A review that cannot be written (its
 * speaker's name looks like another's) is skipped with its reason before
 * anything is written, so the others are not held back.
 */
export async function writeBatch(tx: Tx, actor: Actor, ratings: RatingTable, batch: ReviewToWrite[]): Promise<Map<number, WrittenOutcome>> {
  const outcomes = new Map<number, WrittenOutcome>();
  await lockImports(tx);
  const table = ratings.withMappings(await ratingMappings(tx));

  // Imported before (in an earlier call or batch): nothing changes.
  const urls = batch.map((r) => r.review.reviewUrl);
  const known = new Map(
    (
      await tx.$queryRaw<{ url: string; statementId: string }[]>`
        SELECT e.url, e.statement_id::text AS "statementId" FROM external_review e
        WHERE e.url = ANY (ARRAY(SELECT jsonb_array_elements_text(${json(urls)})))`
    ).map((r) => [r.url, r.statementId]),
  );
  let pending: ReviewToWrite[] = [];
  const claimedUrls = new Map<string, number>();
  for (const item of batch) {
    const previous = known.get(item.review.reviewUrl);
    if (previous !== undefined) {
      outcomes.set(item.index, { outcome: ImportOutcome.MATCHED, reason: 'already imported', statementId: previous });
    } else if (claimedUrls.has(item.review.reviewUrl)) {
      // The same review twice in one call: the first one is imported, the second matches it (filled in below).
      outcomes.set(item.index, { outcome: ImportOutcome.MATCHED, reason: 'already imported', statementId: null });
    } else {
      claimedUrls.set(item.review.reviewUrl, item.index);
      pending.push(item);
    }
  }

  // Speakers: by exact name, else by alias, ignoring case; the name wins over an alias, then the oldest speaker.
  const names = [...new Set(pending.flatMap((r) => (r.review.speaker ? [r.review.speaker.name] : [])))];
  const speakerOf = new Map<string, string>();
  if (names.length > 0) {
    // A subquery per name, on the index of lower(name) (speaker_lower_name_idx).
    const byName = await tx.$queryRaw<{ wanted: string; id: string | null }[]>`
      SELECT q.name AS wanted, (
        SELECT sp.id::text FROM speaker sp
        WHERE lower(sp.name) = lower(q.name) AND sp.id <> ${UNKNOWN_CLAIMANT_ID}::uuid
        ORDER BY sp.id LIMIT 1
      ) AS id
      FROM jsonb_array_elements_text(${json(names)}) AS q(name)`;
    for (const row of byName) if (row.id !== null) speakerOf.set(row.wanted, row.id);
    const unmatched = names.filter((n) => !speakerOf.has(n));
    if (unmatched.length > 0) {
      const byAlias = await tx.$queryRaw<{ wanted: string; id: string }[]>`
        SELECT DISTINCT ON (q.name) q.name AS wanted, sp.id::text AS id
        FROM speaker sp CROSS JOIN LATERAL unnest(sp.aliases) AS a(alias)
        JOIN jsonb_array_elements_text(${json(unmatched)}) AS q(name) ON lower(a.alias) = lower(q.name)
        WHERE sp.id <> ${UNKNOWN_CLAIMANT_ID}::uuid
        ORDER BY q.name, sp.id`;
      for (const row of byAlias) speakerOf.set(row.wanted, row.id);
    }
  }
  const existingSpeakers = new Set(speakerOf.values());

  // New speakers follow createSpeaker's rules: no mixed-script look-alike words, no twin of an existing name.
  const newSpeakers: NewSpeaker[] = [];
  const refused = new Map<string, string>();
  const toCreate = names.filter((n) => !speakerOf.has(n));
  if (toCreate.length > 0) {
    await backfillSkeletons(tx);
    const skeletons = new Map(toCreate.map((n) => [n, nameSkeleton(n)]));
    const twins = new Map(
      (
        await tx.$queryRaw<{ skeleton: string; id: string; name: string }[]>`
          SELECT DISTINCT ON (sp.name_skeleton) sp.name_skeleton AS skeleton, sp.id::text AS id, sp.name
          FROM speaker sp
          WHERE sp.name_skeleton = ANY (ARRAY(SELECT jsonb_array_elements_text(${json([...new Set(skeletons.values())])})))
          ORDER BY sp.name_skeleton, sp.id`
      ).map((row) => [row.skeleton, row]),
    );
    const createdByLowerName = new Map<string, string>();
    const createdBySkeleton = new Map<string, string>();
    for (const name of toCreate) {
      const lower = name.toLowerCase();
      const same = createdByLowerName.get(lower);
      if (same) {
        speakerOf.set(name, same);
        continue;
      }
      const mixed = mixedScriptWord(name);
      if (mixed) {
        refused.set(name, `itemReviewed.author.name mixes ${mixed.scripts.join(' and ')} letters in "${mixed.word}", as forged look-alike names do`);
        continue;
      }
      const skeleton = skeletons.get(name)!;
      const twin = twins.get(skeleton);
      const twinInCall = createdBySkeleton.get(skeleton);
      if (twin || twinInCall) {
        const other = twin ? `"${twin.name}" (${toGlobalId('Speaker', twin.id)})` : 'another claimant of this import';
        refused.set(name, `itemReviewed.author.name "${name}" looks like the name of an existing speaker, ${other}: record the claim under that speaker`);
        continue;
      }
      const review = pending.find((r) => r.review.speaker?.name === name)!.review.speaker!;
      const speaker: NewSpeaker = { id: newId(), name, kind: review.kind, title: review.title, name_skeleton: skeleton };
      newSpeakers.push(speaker);
      speakerOf.set(name, speaker.id);
      createdByLowerName.set(lower, speaker.id);
      createdBySkeleton.set(skeleton, speaker.id);
    }
  }
  pending = pending.filter((item) => {
    const reason = item.review.speaker ? refused.get(item.review.speaker.name) : undefined;
    if (reason === undefined) return true;
    outcomes.set(item.index, { outcome: ImportOutcome.SKIPPED, reason, statementId: null });
    claimedUrls.delete(item.review.reviewUrl);
    return false;
  });

  let unknownClaimantCreated = false;
  if (pending.some((r) => r.review.speaker === null)) {
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO speaker (id, name, kind, name_skeleton, updated_at)
      VALUES (${UNKNOWN_CLAIMANT_ID}::uuid, ${UNKNOWN_CLAIMANT_NAME}, 'PERSON', ${UNKNOWN_CLAIMANT_SKELETON}, now())
      ON CONFLICT (id) DO NOTHING
      RETURNING id::text AS id`;
    unknownClaimantCreated = inserted.length > 0;
    if (!unknownClaimantCreated) existingSpeakers.add(UNKNOWN_CLAIMANT_ID);
  }
  const speakerIdOf = (review: ParsedReview) => (review.speaker ? speakerOf.get(review.speaker.name)! : UNKNOWN_CLAIMANT_ID);

  const sources = await resolveSources(tx, pending.flatMap((r) => r.review.appearances));

  // Statements: the same speaker's statement with the same text, ignoring case and surrounding blanks.
  const lookups = pending
    .map((r, n) => ({ n, speaker_id: speakerIdOf(r.review), text: r.review.claimReviewed }))
    .filter((q) => existingSpeakers.has(q.speaker_id));
  const existingStatement = new Map<number, string>();
  if (lookups.length > 0) {
    // The md5 condition is the index's expression (statement_speaker_text_key_idx); the second one makes it exact.
    // One index look-up per claim, as a subquery: a join could be planned as a scan of every statement.
    const rows = await tx.$queryRaw<{ n: number; id: string | null }[]>`
      SELECT q.n, (
        SELECT s.id::text FROM statement s
        WHERE s.speaker_id = q.speaker_id
          AND md5(lower(btrim(s.text))) = md5(lower(btrim(q.text)))
          AND lower(btrim(s.text)) = lower(btrim(q.text))
        ORDER BY s.id LIMIT 1
      ) AS id
      FROM jsonb_to_recordset(${json(lookups)}) AS q(n int, speaker_id uuid, text text)`;
    for (const row of rows) if (row.id !== null) existingStatement.set(row.n, row.id);
  }

  const newStatements: { id: string; speaker_id: string; text: string; stated_at: Date | null; language: string }[] = [];
  const statementOfClaim = new Map<string, { id: string; created: boolean }>();
  const statementOfReview = new Map<number, { id: string; created: boolean }>();
  pending.forEach((item, n) => {
    const speakerId = speakerIdOf(item.review);
    const key = claimKey(speakerId, item.review.claimReviewed);
    let statement = statementOfClaim.get(key);
    if (!statement) {
      const found = existingStatement.get(n);
      if (found) {
        statement = { id: found, created: false };
      } else {
        statement = { id: newId(), created: true };
        newStatements.push({ id: statement.id, speaker_id: speakerId, text: item.review.claimReviewed, stated_at: item.review.statedAt, language: item.review.language });
      }
      statementOfClaim.set(key, statement);
      // A second review of a claim created in this call finds it, as it would have in a later call.
      statementOfReview.set(item.index, statement);
    } else {
      statementOfReview.set(item.index, { id: statement.id, created: false });
    }
  });

  // Appearances: what is new for each statement, once per URL.
  const matchedIds = [...new Set([...statementOfReview.values()].filter((s) => !s.created).map((s) => s.id))];
  const recorded = new Set(
    matchedIds.length === 0
      ? []
      : (
          await tx.$queryRaw<{ key: string }[]>`
            SELECT a.statement_id::text || chr(10) || a.url AS key FROM appearance a
            WHERE a.statement_id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(${json(matchedIds)}) AS uuid)))`
        ).map((a) => a.key),
  );
  const newAppearances: { id: string; statement_id: string; source_id: string; url: string; published_at: Date | null }[] = [];
  for (const item of pending) {
    const statementId = statementOfReview.get(item.index)!.id;
    for (const appearance of item.review.appearances) {
      const key = `${statementId}\n${appearance.url}`;
      if (recorded.has(key)) continue;
      recorded.add(key);
      newAppearances.push({ id: newId(), statement_id: statementId, source_id: sources.idOf(appearance), url: appearance.url, published_at: appearance.publishedAt });
    }
  }

  const reviews = pending.map((item) => {
    const { review } = item;
    const match = review.rating ? table.map(review.rating) : undefined;
    return {
      index: item.index,
      row: {
        id: newId(),
        statement_id: statementOfReview.get(item.index)!.id,
        publisher: review.publisher,
        publisher_url: review.publisherUrl,
        url: review.reviewUrl,
        headline: review.headline,
        review_date: review.reviewDate,
        rating_text: review.rating?.alternateName ?? null,
        rating_key: review.rating?.key ?? null,
        rating_value: review.rating?.ratingValue ?? null,
        best_rating: review.rating?.bestRating ?? null,
        worst_rating: review.rating?.worstRating ?? null,
        status: match?.status ?? null,
        document: review.document,
      },
      notes: notesFor(review, match?.status),
    };
  });

  if (newSpeakers.length > 0) {
    await tx.$executeRaw`
      INSERT INTO speaker (id, name, kind, title, name_skeleton, updated_at)
      SELECT x.id, x.name, CAST(x.kind AS speaker_kind), x.title, x.name_skeleton, now()
      FROM jsonb_to_recordset(${json(newSpeakers)}) AS x(id uuid, name text, kind text, title text, name_skeleton text)`;
  }
  if (sources.created.length > 0) {
    await tx.$executeRaw`
      INSERT INTO source (id, slug, name, kind, homepage_url, updated_at)
      SELECT x.id, x.slug, x.name, 'OTHER', x.homepage_url, now()
      FROM jsonb_to_recordset(${json(sources.created)}) AS x(id uuid, slug text, name text, homepage_url text)`;
  }
  if (newStatements.length > 0) {
    await tx.$executeRaw`
      INSERT INTO statement (id, text, speaker_id, stated_at, language, updated_at)
      SELECT x.id, x.text, x.speaker_id, x.stated_at, x.language, now()
      FROM jsonb_to_recordset(${json(newStatements)}) AS x(id uuid, text text, speaker_id uuid, stated_at timestamptz, language text)`;
  }
  if (newAppearances.length > 0) {
    // No wording, so no fidelity, and nothing it could change for the others (fidelity.service.ts).
    await tx.$executeRaw`
      INSERT INTO appearance (id, statement_id, source_id, url, published_at, fidelity_at)
      SELECT x.id, x.statement_id, x.source_id, x.url, x.published_at, now()
      FROM jsonb_to_recordset(${json(newAppearances)}) AS x(id uuid, statement_id uuid, source_id uuid, url text, published_at timestamptz)
      ON CONFLICT (statement_id, url) DO NOTHING`;
  }
  if (reviews.length > 0) {
    await tx.$executeRaw`
      INSERT INTO external_review (id, statement_id, publisher, publisher_url, url, headline, review_date, rating_text, rating_key,
        rating_value, best_rating, worst_rating, status, document)
      SELECT x.id, x.statement_id, x.publisher, x.publisher_url, x.url, x.headline, x.review_date, x.rating_text, x.rating_key,
        x.rating_value, x.best_rating, x.worst_rating, CAST(x.status AS verification_status), x.document
      FROM jsonb_to_recordset(${json(reviews.map((r) => r.row))}) AS x(id uuid, statement_id uuid, publisher text, publisher_url text,
        url text, headline text, review_date timestamptz, rating_text text, rating_key text, rating_value double precision,
        best_rating double precision, worst_rating double precision, status text, document jsonb)`;

    const sourcesOf = new Map<string, Set<string>>();
    for (const a of newAppearances) {
      if (!sourcesOf.has(a.statement_id)) sourcesOf.set(a.statement_id, new Set());
      sourcesOf.get(a.statement_id)!.add(toGlobalId('Source', a.source_id));
    }
    const events: EventRecord[] = newStatements.map((s) => ({
      type: 'STATEMENT_CREATED',
      statementId: s.id,
      payload: {
        statementId: toGlobalId('Statement', s.id),
        speakerId: toGlobalId('Speaker', s.speaker_id),
        sourceIds: [...(sourcesOf.get(s.id) ?? [])],
        language: s.language,
        status: 'UNVERIFIED',
        version: 1,
      },
    }));
    await recordEvents(tx, events);
    // Each statement created keeps an entry of its own, so its history says
    // who brought it in; one more entry holds the whole batch, by id.
    await recordAudits(
      tx,
      actor,
      'importClaimReviews',
      newStatements.map((s) => ({
        entityType: 'Statement',
        entityId: s.id,
        after: { id: s.id, text: s.text, speakerId: s.speaker_id, statedAt: s.stated_at, language: s.language },
      })),
    );
    await recordAudit(tx, actor, {
      operation: 'importClaimReviews',
      entityType: 'ExternalReview',
      entityId: reviews[0]!.row.id,
      after: {
        externalReviewIds: reviews.map((r) => toGlobalId('ExternalReview', r.row.id)),
        reviewUrls: reviews.map((r) => r.row.url),
        createdStatementIds: newStatements.map((s) => toGlobalId('Statement', s.id)),
        matchedStatementIds: matchedIds.map((id) => toGlobalId('Statement', id)),
        createdSpeakerIds: [...newSpeakers.map((s) => s.id), ...(unknownClaimantCreated ? [UNKNOWN_CLAIMANT_ID] : [])].map((id) => toGlobalId('Speaker', id)),
        createdSourceIds: sources.created.map((s) => toGlobalId('Source', s.id)),
        createdAppearanceIds: newAppearances.map((a) => toGlobalId('Appearance', a.id)),
      },
    });
  }

  for (const review of reviews) {
    const statement = statementOfReview.get(review.index)!;
    const notes = statement.created ? review.notes : ['the claim was already recorded: the review was attached to it', ...review.notes];
    outcomes.set(review.index, {
      outcome: statement.created ? ImportOutcome.CREATED : ImportOutcome.MATCHED,
      reason: notes.length === 0 ? null : notes.join('; '),
      statementId: statement.id,
    });
  }
  // Repeats within the call point at what their first occurrence was attached to.
  for (const item of batch) {
    const outcome = outcomes.get(item.index)!;
    if (outcome.statementId !== null || outcome.outcome !== ImportOutcome.MATCHED) continue;
    const firstIndex = claimedUrls.get(item.review.reviewUrl);
    const firstOutcome = firstIndex === undefined ? undefined : outcomes.get(firstIndex);
    if (firstOutcome?.statementId) outcome.statementId = firstOutcome.statementId;
    else outcomes.set(item.index, { outcome: ImportOutcome.SKIPPED, reason: 'the same review appears earlier in this call, which was skipped', statementId: null });
  }
  return outcomes;
}

/** What was assumed to import a review that lacks something. */
function notesFor(review: ParsedReview, status: FindingStatus | undefined): string[] {
  const notes: string[] = [];
  if (review.speaker === null) notes.push(`itemReviewed.author.name is missing: the claim was attached to the speaker "${UNKNOWN_CLAIMANT_NAME}"`);
  if (review.rating === null) notes.push('unrated: the review has no reviewRating, so it was imported without a status');
  else if (status === undefined) {
    const described = describeRating(review.rating);
    notes.push(
      described === '' || (review.rating.alternateName == null && (review.rating.bestRating == null || review.rating.worstRating == null))
        ? 'unrated: the reviewRating has no alternateName and no ratingValue with bestRating and worstRating, so it was imported without a status'
        : `unrated: the rating ${described} maps to no status, so it was imported without one (an ADMIN can map it with mapClaimReviewRating)`,
    );
  }
  return notes;
}

/**
 * The source each appearance was published in, from one query by name and
 * one by host for the whole batch, then cached: by the publisher's name
 * first, then by the host of the publisher's home page. The appearance's own
 * host is only used when the publisher is not named at all: many publishers
 * share a host (a video site, a social network), so a host alone would merge
 * them. Sources not found are created once, with a free slug.
 */
async function resolveSources(tx: Tx, appearances: ParsedAppearance[]) {
  const names = [...new Set(appearances.flatMap((a) => (a.publisherName === null ? [] : [a.publisherName])))];
  const hostKey = (a: ParsedAppearance) => hostOf(a.publisherUrl ?? a.url);
  const byName = new Map<string, string>();
  const byLowerName = new Map<string, string>();
  const byHost = new Map<string, string>();
  if (names.length > 0) {
    // A subquery per name, on the index of lower(name) (source_lower_name_idx).
    const rows = await tx.$queryRaw<{ wanted: string; id: string | null }[]>`
      SELECT q.name AS wanted, (SELECT s.id::text FROM source s WHERE lower(s.name) = lower(q.name) ORDER BY s.id LIMIT 1) AS id
      FROM jsonb_array_elements_text(${json(names)}) AS q(name)`;
    for (const row of rows) if (row.id !== null) byName.set(row.wanted, row.id);
  }
  // Hosts only for what the name did not find.
  const hosts = [
    ...new Set(
      appearances
        .filter((a) => (a.publisherName === null || a.publisherUrl !== null) && !(a.publisherName !== null && byName.has(a.publisherName)))
        .map(hostKey),
    ),
  ];
  if (hosts.length > 0) {
    const rows = await tx.$queryRaw<{ host: string; id: string }[]>`
      SELECT DISTINCT ON (h.host) h.host, h.id::text AS id
      FROM (SELECT s.id, lower(substring(s.homepage_url from '^[A-Za-z]+://(?:www\\.)?([^/:?#]+)')) AS host FROM source s) h
      WHERE h.host IN (SELECT jsonb_array_elements_text(${json(hosts)}))
      ORDER BY h.host, h.id`;
    for (const row of rows) byHost.set(row.host, row.id);
  }

  const created: NewSource[] = [];
  const wanted: { appearance: ParsedAppearance; base: string }[] = [];
  const idOfAppearance = new Map<ParsedAppearance, string>();
  for (const appearance of appearances) {
    const name = appearance.publisherName;
    const found =
      (name !== null ? (byName.get(name) ?? byLowerName.get(name.toLowerCase())) : undefined) ??
      (name === null || appearance.publisherUrl !== null ? byHost.get(hostKey(appearance)) : undefined);
    if (found) {
      idOfAppearance.set(appearance, found);
      continue;
    }
    const host = hostKey(appearance);
    const homepageUrl = appearance.publisherUrl ?? (name === null ? new URL(appearance.url).origin : null);
    const source: NewSource = { id: newId(), slug: '', name: name ?? host, homepage_url: homepageUrl };
    created.push(source);
    wanted.push({ appearance, base: slugFrom(name ?? '') || slugFrom(host) || 'source' });
    idOfAppearance.set(appearance, source.id);
    // Later appearances of this batch find it as they would find a stored one.
    if (name !== null) byLowerName.set(name.toLowerCase(), source.id);
    if (homepageUrl !== null) {
      const homeHost = hostOf(homepageUrl);
      if (!byHost.has(homeHost)) byHost.set(homeHost, source.id);
    }
  }

  if (created.length > 0) {
    const bases = [...new Set(wanted.map((w) => w.base))];
    const taken = new Set(
      (
        // A base may end in digits itself ("7-7" from "${7*7}", "news-2"): the slug equal to it is taken too, though stripping a number from it names another base.
        await tx.$queryRaw<{ slug: string }[]>`
          WITH b AS (SELECT jsonb_array_elements_text(${json(bases)}) AS base)
          SELECT slug FROM source WHERE slug IN (SELECT base FROM b) OR regexp_replace(slug, '-[0-9]+$', '') IN (SELECT base FROM b)`
      ).map((r) => r.slug),
    );
    wanted.forEach(({ base }, i) => {
      let slug = base;
      for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
      taken.add(slug);
      created[i]!.slug = slug;
    });
  }
  return { created, idOf: (appearance: ParsedAppearance) => idOfAppearance.get(appearance)! };
}
