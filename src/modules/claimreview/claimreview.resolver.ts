import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { ExternalReview as ExternalReviewRow, Source as SourceRow, Statement as StatementRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { firstOf, NESTED_FIRST_DESCRIPTION, NESTED_LIST_DEFAULT } from '../../pagination.js';
import { VerificationStatus } from '../enums.js';
import { Statement } from '../statement/statement.type.js';
import { isFinding } from '../verdict/verdict.rules.js';
import type { ClaimReviewDocument } from './claimreview.build.js';
import { ClaimReviewImportResult, ClaimReviewRatingMapping, ExternalReview, MAX_IMPORT } from './claimreview.type.js';

@Resolver(() => Statement)
export class ClaimReviewResolver {
  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description:
      "Our current finding as a schema.org ClaimReview (JSON-LD), the document served at /claimreview/{id}; null while the statement has no finding of ours (no verdict, UNVERIFIED or IN_REVIEW). It carries the words and speaker the verdict judged, never later ones. Other fact-checkers' reviews are `externalReviews`, never this.",
  })
  async claimReview(@Root() statement: StatementRow, @Ctx() { services, loaders }: Context): Promise<ClaimReviewDocument | null> {
    const verdict = await loaders.ownLatestVerdictByStatement.load(statement.id);
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

  @FieldResolver(() => [ExternalReview], {
    description: "Other fact-checkers' reviews of it, imported from their ClaimReviews, newest first (`externalReviewCount` says how many there are). They are not our verdicts.",
  })
  async externalReviews(
    @Root() statement: StatementRow,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ): Promise<ExternalReviewRow[]> {
    return firstOf(await loaders.externalReviewsByStatement.load(statement.id), first);
  }

  @FieldResolver(() => Int, { description: "How many other fact-checkers' reviews of it were imported." })
  externalReviewCount(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.externalReviewCount.load(statement.id);
  }

  @Authorized('FACT_CHECKER')
  @Mutation(() => ClaimReviewImportResult, {
    description: `Imports other fact-checkers' schema.org ClaimReviews as external reviews (\`Statement.externalReviews\`) of matching or new statements, with their speakers, sources and appearances. They never become our verdicts, never change a statement's status and are never published in our ClaimReview feed. A review without a rating, or with one no mapping knows, is imported without a status; one without a claimant is attached to the speaker "Unknown claimant"; each item's \`reason\` says so. Every review is checked first and the good ones are written together (one bad review never stops the others, none is ever half-written), and a review URL is only ever imported once. At most ${MAX_IMPORT} reviews per call.`,
  })
  importClaimReviews(
    @Ctx() { services, actor }: Context,
    @Arg('documents', () => [GraphQLJSON], {
      description:
        `ClaimReview JSON-LD objects, or wrappers holding several: a \`@graph\` array or a DataFeed with \`dataFeedElement\`. At most ${MAX_IMPORT}.`,
    })
    documents: unknown[],
  ): Promise<ClaimReviewImportResult> {
    return services.claimReviews.import(actor, documents);
  }

  @Authorized('ADMIN')
  @Mutation(() => ClaimReviewRatingMapping, {
    description:
      'Maps a rating as publishers word it (such as "Baloney") to one of our statuses for every later ClaimReview import, in every instance of the service, without a restart; external reviews already imported with this rating and no status take it. A null status removes the mapping (reviews keep their status). Runtime mappings win over the built-in table and CLAIMREVIEW_RATINGS_FILE. ADMIN only.',
  })
  mapClaimReviewRating(
    @Ctx() { services, actor }: Context,
    @Arg('rating', () => String, { description: 'The rating; case, punctuation and surrounding blanks do not matter.' }) rating: string,
    @Arg('status', () => VerificationStatus, {
      nullable: true,
      description: 'A finding (TRUE to UNPROVEN, not UNVERIFIED or IN_REVIEW); null removes the mapping.',
    })
    status: VerificationStatus | null,
  ): Promise<ClaimReviewRatingMapping> {
    return services.claimReviews.mapRating(actor, rating, status ?? null);
  }
}

@Resolver(() => ExternalReview)
export class ExternalReviewResolver {
  @FieldResolver(() => ID)
  id(@Root() review: ExternalReviewRow): string {
    return toGlobalId('ExternalReview', review.id);
  }

  @FieldResolver(() => Statement, { description: 'The statement it reviews.' })
  async statement(@Root() review: ExternalReviewRow, @Ctx() { loaders }: Context): Promise<StatementRow> {
    // The foreign key guarantees the statement.
    return (await loaders.statementById.load(review.statementId))!;
  }
}
