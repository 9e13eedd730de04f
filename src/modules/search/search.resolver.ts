import { Arg, Ctx, Float, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { SimilarStatement } from './search.type.js';

@Resolver()
export class SearchResolver {
  @Query(() => [SimilarStatement], {
    description:
      'Has this been checked before? Stored statements answering any text (a post, a paragraph, a transcript line), best first, each with a score. Links are ignored; hashtags and handles count with their words ("#AustralianFires" as Australian fires); misspellings match their close spellings.',
  })
  similarStatements(
    @Ctx() { services }: Context,
    @Arg('text', () => String, { description: 'A claim, a post, a paragraph: up to 5,000 characters.' }) text: string,
    @Arg('first', () => Int, { defaultValue: 5, description: 'How many, 1 to the maximum page size.' }) first: number,
    @Arg('minScore', () => Float, { defaultValue: 0, description: 'Leave out statements scoring below this (0 to 1).' }) minScore: number,
  ): Promise<SimilarStatement[]> {
    return services.search.similar(text, { first, minScore });
  }
}
