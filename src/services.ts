import { DEFAULT_REVIEW, type Config } from './config.js';
import type { DbClient } from './db/client.js';
import { AppearanceService } from './modules/appearance/appearance.service.js';
import { AuditService } from './modules/audit/audit.service.js';
import { ApiKeyService } from './modules/auth/apikey.service.js';
import { KeyCache } from './modules/auth/apikey.cache.js';
import { ClaimReviewService } from './modules/claimreview/claimreview.service.js';
import { LiveService } from './modules/events/live.service.js';
import type { Lookup } from './modules/webhooks/webhook.address.js';
import { WebhookService } from './modules/webhooks/webhook.service.js';
import { IngestService } from './modules/ingest/ingest.service.js';
import { LinkService } from './modules/link/link.service.js';
import { NodeService } from './modules/node/node.service.js';
import { RelevanceService } from './modules/search/search.service.js';
import { FidelityService } from './modules/fidelity/fidelity.service.js';
import { PropagationService } from './modules/propagation/propagation.service.js';
import { ReviewService } from './modules/review/review.service.js';
import { EvidenceService } from './modules/evidence/evidence.service.js';
import { DisagreementService } from './modules/disagreement/disagreement.service.js';
import { SourceService } from './modules/source/source.service.js';
import { SpeakerService } from './modules/speaker/speaker.service.js';
import { StatementService } from './modules/statement/statement.service.js';
import { VerdictService } from './modules/verdict/verdict.service.js';

/** The services own the rules; they are stateless and shared by all requests. `lookup` resolves webhook hosts (the system resolver by default). */
export function createServices(
  db: DbClient,
  config: Pick<Config, 'graphql' | 'publicUrl' | 'claimReview'> & Partial<Pick<Config, 'webhooks' | 'evidence' | 'review' | 'apiKeyCacheMs'>>,
  { lookup }: { lookup?: Lookup } = {},
) {
  const limits = config.graphql;
  const statements = new StatementService(db, limits);
  const review = config.review ?? DEFAULT_REVIEW;
  return {
    sources: new SourceService(db, limits),
    speakers: new SpeakerService(db, limits),
    statements,
    live: new LiveService(db, statements, limits),
    appearances: new AppearanceService(db),
    links: new LinkService(db),
    verdicts: new VerdictService(db, { allowPrivateEvidence: config.evidence?.allowPrivate ?? false, reviewAfterDays: review.afterDays }),
    nodes: new NodeService(db),
    apiKeys: new ApiKeyService(db, limits, new KeyCache(config.apiKeyCacheMs ?? 0)),
    audit: new AuditService(db, limits),
    claimReviews: new ClaimReviewService(db, config),
    ingest: new IngestService(db, config),
    search: new RelevanceService(db, limits),
    fidelity: new FidelityService(db),
    propagation: new PropagationService(db),
    review: new ReviewService(db, limits),
    evidence: new EvidenceService(db, limits),
    disagreements: new DisagreementService(db, limits),
    webhooks: new WebhookService(db, limits, config.webhooks?.allowPrivate ?? false, lookup),
  };
}

export type Services = ReturnType<typeof createServices>;
