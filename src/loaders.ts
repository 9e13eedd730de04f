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

/** A fresh set for every request (see loader-utils.ts). */
/** `maxListSize`: the most rows read per parent for a nested list (the maximum page size). */
export function createLoaders(db: Db, { maxListSize }: { maxListSize: number }) {
  return {
    ...createSourceLoaders(db),
    ...createSpeakerLoaders(db),
    ...createStatementLoaders(db),
    ...createAppearanceLoaders(db, maxListSize),
    ...createLinkLoaders(db, maxListSize),
    ...createVerdictLoaders(db),
    ...createEvidenceLoaders(db),
    ...createApiKeyLoaders(db),
    ...createIngestLoaders(db),
    ...createClaimReviewLoaders(db, maxListSize),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
