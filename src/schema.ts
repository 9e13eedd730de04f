import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { AppearanceResolver } from './modules/appearance/appearance.resolver.js';
import { FidelityResolver, SourceFidelityResolver } from './modules/fidelity/fidelity.resolver.js';
import { ReviewResolver } from './modules/review/review.resolver.js';
import { EvidenceCheckResolver, EvidenceChecksResolver, RottenEvidenceResolver } from './modules/evidence/evidence.resolver.js';
import { DisagreementResolver } from './modules/disagreement/disagreement.resolver.js';
import { PropagationResolver, PropagationStepResolver, SourcePickupResolver, StatementPropagationResolver } from './modules/propagation/propagation.resolver.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { RoleAuthChecker } from './modules/auth/actor.js';
import { ApiKeyResolver } from './modules/auth/apikey.resolver.js';
import { ClaimReviewResolver, ExternalReviewResolver } from './modules/claimreview/claimreview.resolver.js';
import { EventResolver } from './modules/events/event.resolver.js';
import { WebhookResolver } from './modules/webhooks/webhook.resolver.js';
import { ArticleResolver, CandidateResolver } from './modules/ingest/ingest.resolver.js';
import { LinkResolver } from './modules/link/link.resolver.js';
import { NodeResolver } from './modules/node/node.resolver.js';
import { SearchResolver } from './modules/search/search.resolver.js';
import { SourceResolver } from './modules/source/source.resolver.js';
import { SpeakerResolver } from './modules/speaker/speaker.resolver.js';
import { StatementResolver } from './modules/statement/statement.resolver.js';
import { VerdictResolver } from './modules/verdict/verdict.resolver.js';
import { DateTimeScalar } from './scalars.js';
import './modules/enums.js';
import { enforceResponseBudgets } from './response-budget.js';

let built: Promise<GraphQLSchema> | undefined;

const outboxOnly: PubSub = {
  publish() {
    throw new Error('Events are published through the outbox (recordEvent), not a PubSub');
  },
  subscribe() {
    throw new Error('Subscriptions read the outbox (EventDispatcher), not a PubSub');
  },
};

/** The executable schema, built once per process. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= build();
  return built;
}

async function build(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      StatementResolver,
      SpeakerResolver,
      SourceResolver,
      AppearanceResolver,
      FidelityResolver,
      SourceFidelityResolver,
      StatementPropagationResolver,
      PropagationResolver,
      PropagationStepResolver,
      SourcePickupResolver,
      ReviewResolver,
      EvidenceChecksResolver,
      EvidenceCheckResolver,
      RottenEvidenceResolver,
      DisagreementResolver,
      LinkResolver,
      VerdictResolver,
      NodeResolver,
      ApiKeyResolver,
      AuditResolver,
      ArticleResolver,
      CandidateResolver,
      ClaimReviewResolver,
      ExternalReviewResolver,
      EventResolver,
      WebhookResolver,
      SearchResolver,
    ],
    authChecker: RoleAuthChecker,
    // Every subscription brings its own `subscribe` over the outbox; type-graphql still wants a PubSub.
    pubSub: outboxOnly,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // Input checks live in the services, which know the rules.
    validate: false,
    emitSchemaFile: false,
  });
  // type-graphql has no option for the root types' descriptions.
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  const subscription = schema.getSubscriptionType();
  if (subscription) {
    subscription.description =
      'Live changes over WebSocket (graphql-ws protocol) at the same URL. Open to all; each event carries an id to resume from after a reconnection.';
  }
  if (query) query.description = 'Reading is open: statements, who said them, where they appeared, how they were checked.';
  if (mutation) {
    mutation.description =
      'Every write is validated and transactional: it either happens whole or not at all, and answers with a clear error code.';
  }
  return enforceResponseBudgets(schema);
}

/** The SDL committed as schema.graphql. */
export async function printedSchema(): Promise<string> {
  return printSchema(await getSchema()) + "\n";
}
