import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { ExternalReview as ExternalReviewRow, Statement as StatementRow } from '../../generated/prisma/client.js';
import { firstOf, NESTED_FIRST_DESCRIPTION, NESTED_LIST_DEFAULT, PageArgs } from '../../pagination.js';
import { ExternalReview } from '../claimreview/claimreview.type.js';
import { Statement } from '../statement/statement.type.js';
import { Disagreement, DisagreementConnection } from './disagreement.type.js';

@Resolver(() => Disagreement)
export class DisagreementResolver {
  @Query(() => DisagreementConnection, {
    description:
      "Where other fact-checkers disagree: claims (a statement, or statements linked REPEATS) whose imported reviews from at least two publishers map to different statuses, newest review first. Each lists the publishers' ratings, dates and URLs side by side.",
  })
  async disagreements(@Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs): Promise<DisagreementConnection> {
    return new DisagreementConnection(await services.disagreements.list(page));
  }

  @FieldResolver(() => [ExternalReview], {
    description: 'The rated reviews, side by side: grouped by status (in the order of the VerificationStatus enum), newest first within one.',
  })
  reviews(
    @Root() disagreement: Disagreement,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ): ExternalReviewRow[] {
    return firstOf(disagreement.reviewRows, first);
  }

  @FieldResolver(() => [Statement], { description: "The claim's statements: the earliest recorded first, then those REPEATS links reach from it, in the order recorded." })
  statements(
    @Root() disagreement: Disagreement,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ): StatementRow[] {
    return firstOf(disagreement.statementRows, first);
  }
}
