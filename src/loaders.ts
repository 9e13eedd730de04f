import type { Db } from './db/client.js';
import { createAppearanceLoaders } from './modules/appearance/appearance.loaders.js';
import { createApiKeyLoaders } from './modules/auth/apikey.loaders.js';
import { createClaimReviewLoaders } from './modules/claimreview/claimreview.loaders.js';
import { createIngestLoaders } from './modules/ingest/ingest.loaders.js';
import { createLinkLoaders } from './modules/link/link.loaders.js';
import { createSourceLoaders } from './modules/source/source.loaders.js';
import { createSpeakerLoaders } from './modules/speaker/speaker.loaders.js';
import { createStatementLoaders } from './modules/statement/statement.loaders.js';
import { createVerdictLoaders } from './modules/verdict/verdict.loaders.js';
import { createEvidenceLoaders } from './modules/evidence/evidence.loaders.js';

interface LoaderOptions {
  /** The most rows read per parent for a nested list (the maximum page size). */
  maxListSize: number;
}

/** Each domain's loaders, made together when the first of them is used. */
const GROUPS = [
  (db: Db) => createSourceLoaders(db),
  (db: Db) => createSpeakerLoaders(db),
  (db: Db) => createStatementLoaders(db),
  (db: Db, { maxListSize }: LoaderOptions) => createAppearanceLoaders(db, maxListSize),
  (db: Db, { maxListSize }: LoaderOptions) => createLinkLoaders(db, maxListSize),
  (db: Db) => createVerdictLoaders(db),
  (db: Db) => createEvidenceLoaders(db),
  (db: Db) => createApiKeyLoaders(db),
  (db: Db) => createIngestLoaders(db),
  (db: Db, { maxListSize }: LoaderOptions) => createClaimReviewLoaders(db, maxListSize),
] as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type Loaders = UnionToIntersection<ReturnType<(typeof GROUPS)[number]>>;

/**
 * A request's loaders, each domain's made on first use: most requests
 * touch one or two domains (a compiled read none, a write one), and making
 * every loader of every domain for each request was a measurable share of a
 * short request's CPU. The getters live on the prototype, defined once.
 */
class LazyLoaders {
  readonly made: (object | undefined)[] = new Array(GROUPS.length);
  constructor(
    readonly db: Db,
    readonly options: LoaderOptions,
  ) {}
}

// Which loader belongs to which domain: read off each domain's set once
// (making a DataLoader reads nothing from the database).
GROUPS.forEach((make, group) => {
  for (const name of Object.keys(make(null as unknown as Db, { maxListSize: 1 }))) {
    if (Object.hasOwn(LazyLoaders.prototype, name)) throw new Error(`two domains name a loader ${name}`);
    Object.defineProperty(LazyLoaders.prototype, name, {
      get(this: LazyLoaders) {
        const made = (this.made[group] ??= make(this.db, this.options));
        return (made as Record<string, unknown>)[name];
      },
    });
  }
});

/** A fresh set for every request (see loader-utils.ts). */
export function createLoaders(db: Db, options: LoaderOptions): Loaders {
  return new LazyLoaders(db, options) as unknown as Loaders;
}
