import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { PageArgs } from '../../pagination.js';
import { ReviewQueueConnection } from './review.type.js';

@Resolver()
export class ReviewResolver {
  @Query(() => ReviewQueueConnection, {
    description:
      "Statements whose finding needs looking at again: past its verdict's reviewAfter, or reopened by the service (new reach after that date, or an edit of judged words). Most reach since the finding first (new appearances and repeats, weighted by the outlets' reach where known), then the oldest finding; each item says why it is there.",
  })
  async reviewQueue(@Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs): Promise<ReviewQueueConnection> {
    return new ReviewQueueConnection(await services.review.queue(page));
  }
}
