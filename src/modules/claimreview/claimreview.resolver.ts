import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Source as SourceRow, Statement as StatementRow } from '../../generated/prisma/client.js';
import { Statement } from '../statement/statement.type.js';
import { isFinding } from '../verdict/verdict.rules.js';
import type { ClaimReviewDocument } from './claimreview.build.js';
import { ClaimReviewImportResult } from './claimreview.type.js';

@Resolver(() => Statement)
export class ClaimReviewResolver {
  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description:
      'The current finding as a schema.org ClaimReview (JSON-LD), the document served at /claimreview/{id}; null while the statement has no finding (no verdict, UNVERIFIED or IN_REVIEW). It carries the words and speaker the verdict judged, never later ones.',
  })
  async claimReview(@Root() statement: StatementRow, @Ctx() { services, loaders }: Context): Promise<ClaimReviewDocument | null> {
    const verdict = await loaders.latestVerdictByStatement.load(statement.id);
    if (!verdict || !isFinding(verdict.status)) return null;
    const [speaker, appearances, evidence] = await Promise.all([
      loaders.speakerById.load(verdict.judgedSpeakerId),
      loaders.appearancesByStatement.load(statement.id),
      loaders.evidenceByVerdict.load(verdict.id),
    ]);
    if (!speaker) return null;
    const sources = new Map<string, SourceRow>();
    for (const source of await loaders.sourceById.loadMany([...new Set(appearances.map((a) => a.sourceId))])) {
      if (source && !(source instanceof Error)) sources.set(source.id, source);
    }
    return services.claimReviews.build({
      statement,
      speaker,
      // Appearances always point at a source that exists (foreign key).
      appearances: appearances.map((appearance) => ({ appearance, source: sources.get(appearance.sourceId)! })),
      verdict,
      evidence,
    });
  }

  @Authorized('FACT_CHECKER')
  @Mutation(() => ClaimReviewImportResult, {
    description:
      "Imports other fact-checkers' schema.org ClaimReviews: each becomes a verdict on a matching or new statement, with its speaker, sources and appearances. Each review is imported on its own (one bad review never stops the others) and a review URL is only ever imported once. At most 100 reviews per call.",
  })
  importClaimReviews(
    @Ctx() { services, actor }: Context,
    @Arg('documents', () => [GraphQLJSON], {
      description:
        'ClaimReview JSON-LD objects, or wrappers holding several: a `@graph` array or a DataFeed with `dataFeedElement`. At most 100.',
    })
    documents: unknown[],
  ): Promise<ClaimReviewImportResult> {
    return services.claimReviews.import(actor, documents);
  }
}
