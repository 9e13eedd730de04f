import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { toGlobalId } from '../../ids.js';
import { createServices } from '../../services.js';
import { systemActor } from '../auth/actor.js';
import type { DemoStory } from './demo.types.js';

/** Serialises concurrent first starts (several replicas on one empty database). */
const DEMO_LOCK = 7_284_301;

export interface DemoLoadResult {
  loaded: boolean;
  statements: number;
}

/**
 * Loads a story into an empty database, through the services so that it
 * obeys the rules API writes obey, all in one transaction: a start that is
 * interrupted leaves nothing behind and the next start tries again. A
 * database holding any source, speaker or statement is left alone, so the
 * demo never returns once a newsroom has its own data.
 */
export async function loadDemoIfEmpty(db: Db, config: Pick<Config, 'graphql' | 'publicUrl' | 'claimReview'>, story: DemoStory): Promise<DemoLoadResult> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEMO_LOCK})`;
      const [sources, speakers, statements] = await Promise.all([tx.source.count(), tx.speaker.count(), tx.statement.count()]);
      if (sources + speakers + statements > 0) return { loaded: false, statements: 0 };
      await loadStory(createServices(tx, config), story);
      return { loaded: true, statements: story.statements.length };
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}

/** The demo loader acts as itself in the audit trail; its verdicts carry the story's reviewer names. */
const DEMO = systemActor('demo data');

export async function loadStory(services: ReturnType<typeof createServices>, story: DemoStory): Promise<void> {
  const sourceIds = new Map<string, string>();
  for (const { key, ...input } of story.sources) {
    const row = await services.sources.create(DEMO, input);
    sourceIds.set(key, toGlobalId('Source', row.id));
  }
  const speakerIds = new Map<string, string>();
  for (const { key, ...input } of story.speakers) {
    const row = await services.speakers.create(DEMO, input);
    speakerIds.set(key, toGlobalId('Speaker', row.id));
  }
  const statementIds = new Map<string, string>();
  const versions = new Map<string, number>();
  for (const statement of story.statements) {
    const row = await services.statements.create(DEMO, {
      speakerId: need(speakerIds, statement.speaker),
      text: statement.text,
      quote: statement.quote,
      statedAt: statement.statedAt ? new Date(statement.statedAt) : undefined,
      language: statement.language,
      appearances: statement.appearances.map((a) => ({
        sourceId: need(sourceIds, a.source),
        url: a.url,
        publishedAt: a.publishedAt ? new Date(a.publishedAt) : undefined,
        wording: a.wording,
        carriedFromId: a.carriedFrom ? need(sourceIds, a.carriedFrom) : undefined,
      })),
    });
    statementIds.set(statement.key, toGlobalId('Statement', row.id));
    versions.set(statement.key, row.version);
  }
  for (const link of story.links) {
    await services.links.link(DEMO, {
      fromId: need(statementIds, link.from),
      toId: need(statementIds, link.to),
      kind: link.kind,
      note: link.note,
    });
  }
  for (const verdict of story.verdicts) {
    const version = versions.get(verdict.statement) ?? 1;
    await services.verdicts.set(systemActor(verdict.reviewer, 'FACT_CHECKER'), {
      statementId: need(statementIds, verdict.statement),
      expectedVersion: version,
      status: verdict.status,
      rationale: verdict.rationale,
      evidence: verdict.evidence,
      reviewAfter: verdict.reviewAfter ? new Date(verdict.reviewAfter) : undefined,
      // The story's evidence links are real pages: loading it must not fetch them.
    }, { fetchEvidence: false });
    versions.set(verdict.statement, version + 1);
  }
  if (story.externalReviews.length > 0) {
    const texts = new Map(story.statements.map((s) => [s.key, s]));
    const speakers = new Map(story.speakers.map((s) => [s.key, s.name]));
    const documents = story.externalReviews.map((review) => {
      const statement = texts.get(review.statement);
      if (!statement) throw new Error(`demo story refers to unknown key "${review.statement}"`);
      return {
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: review.url,
        name: review.headline,
        datePublished: review.reviewDate,
        claimReviewed: statement.text,
        author: { '@type': 'Organization', name: review.publisher, url: review.publisherUrl },
        itemReviewed: { '@type': 'Claim', author: { '@type': 'Organization', name: need(speakers, statement.speaker) } },
        reviewRating: { '@type': 'Rating', alternateName: review.rating },
      };
    });
    // Through the import, as another desk's reviews arrive: matched to the story's statements, never made our verdicts.
    const result = await services.claimReviews.import(systemActor('demo data', 'FACT_CHECKER'), documents);
    if (result.matched !== documents.length) throw new Error(`demo reviews: ${result.matched} of ${documents.length} matched a statement of the story`);
  }
}

function need(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo story refers to unknown key "${key}"`);
  return id;
}
