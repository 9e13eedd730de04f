import { Arg, Authorized, Ctx, Extensions, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Article as ArticleRow, Candidate as CandidateRow } from '../../generated/prisma/client.js';
import { CandidateStatus } from '../../generated/prisma/enums.js';
import { toGlobalId } from '../../ids.js';
import { firstOf, NESTED_FIRST_DESCRIPTION, NESTED_LIST_DEFAULT } from '../../pagination.js';
import { Source } from '../source/source.type.js';
import { Speaker } from '../speaker/speaker.type.js';
import { Statement } from '../statement/statement.type.js';
import { Article, Candidate, CandidateStance, IngestWarning, SuggestedLink } from './article.type.js';
import { AcceptCandidateInput, IngestArticleInput } from './ingest.inputs.js';
import type { Suggestion } from './ingest.service.js';

/** An article's candidates are reviewed together: the default page holds a long wire story's. */
const CANDIDATES_DEFAULT = 50;
const CANDIDATES_FIRST_DESCRIPTION = 'How many to return, in order of appearance: 0 to the maximum page size (100 unless configured); 50 when omitted.';

@ObjectType('IngestArticlePayload', { description: 'The stored article and whether this call stored it.' })
class IngestArticlePayload {
  @Field(() => Article, { description: 'The article with its candidates.' })
  article!: ArticleRow;

  @Field(() => Boolean, { description: 'False when this URL had been ingested before: the stored article is returned and nothing changes.' })
  created!: boolean;

  // Ten split sentences and one summing up the rest, one for the candidate
  // limit, and one per kept candidate (at most PAGE_SIZE_MAX, at most 1,000).
  @Extensions({ maxItems: 12 + 1000 })
  @Field(() => [IngestWarning], {
    description: 'What this call cut or left unread to stay within the limits (over-long sentences, candidates past the limit, over-long candidates); empty when created is false.',
  })
  warnings!: IngestWarning[];

  @Field(() => String, {
    nullable: true,
    description: 'The language the body reads as (BCP 47 primary tag, "und" when unclear), whatever was declared; a LANGUAGE warning says what that meant for extraction. Null when created is false.',
  })
  detectedLanguage!: string | null;
}

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: 'An ingested article, by ID or URL (give one). NOT_FOUND when there is none.' })
  article(
    @Ctx() { services }: Context,
    @Arg('id', () => ID, { nullable: true, description: 'An Article ID.' }) id: string | null,
    @Arg('url', () => String, { nullable: true, description: 'The URL it was ingested with.' }) url: string | null,
  ) {
    return services.ingest.article(id, url);
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => IngestArticlePayload, {
    description: 'Stores an article and proposes the attributed statements in it as candidates. The same URL again returns the stored article.',
  })
  ingestArticle(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => IngestArticleInput, { description: 'The article.' }) input: IngestArticleInput,
  ) {
    return services.ingest.ingest(actor, input);
  }

  @FieldResolver(() => ID)
  id(@Root() article: ArticleRow): string {
    return toGlobalId('Article', article.id);
  }

  @FieldResolver(() => Source, { description: 'The publishing outlet.' })
  source(@Root() article: ArticleRow, @Ctx() { loaders }: Context) {
    return loaders.sourceById.load(article.sourceId);
  }

  @FieldResolver(() => [Candidate], { description: 'The statements proposed from it, in order of appearance.' })
  async candidates(
    @Root() article: ArticleRow,
    @Ctx() { loaders }: Context,
    @Arg('status', () => CandidateStatus, { nullable: true, description: 'Only pending, accepted or rejected ones.' }) status: CandidateStatus | null,
    @Arg('first', () => Int, { defaultValue: CANDIDATES_DEFAULT, description: CANDIDATES_FIRST_DESCRIPTION }) first: number,
  ) {
    const all = await loaders.candidatesByArticle.load(article.id);
    return firstOf(status == null ? all : all.filter((c) => c.status === status), first);
  }
}

@Resolver(() => Candidate)
export class CandidateResolver {
  @Authorized('CONTRIBUTOR')
  @Mutation(() => Candidate, {
    description:
      'Accepts a candidate: creates or reuses the speaker, creates the statement with its appearances (publishing and carrying outlet) and the accepted links, in one transaction. CONFLICT when it was already decided.',
  })
  acceptCandidate(
    @Ctx() { services, actor }: Context,
    @Arg('id', () => ID, { description: 'The candidate.' }) id: string,
    @Arg('edits', () => AcceptCandidateInput, { nullable: true, description: 'Corrections to make while accepting.' }) edits: AcceptCandidateInput | null,
  ) {
    return services.ingest.accept(actor, id, edits);
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => Candidate, { description: 'Rejects a candidate, with a reason. CONFLICT when it was already decided.' })
  rejectCandidate(
    @Ctx() { services, actor }: Context,
    @Arg('id', () => ID, { description: 'The candidate.' }) id: string,
    @Arg('reason', () => String, { description: 'Why: not a claim, duplicate, misattributed...' }) reason: string,
  ) {
    return services.ingest.reject(actor, id, reason);
  }

  @FieldResolver(() => ID)
  id(@Root() candidate: CandidateRow): string {
    return toGlobalId('Candidate', candidate.id);
  }

  @FieldResolver(() => CandidateStance, { description: 'Asserts, or denies (a suggested rebuttal).' })
  stance(@Root() candidate: CandidateRow): string {
    return candidate.stance;
  }

  @FieldResolver(() => Article, { description: 'The article it was found in.' })
  article(@Root() candidate: CandidateRow, @Ctx() { loaders }: Context) {
    return loaders.articleById.load(candidate.articleId);
  }

  @FieldResolver(() => String, { description: 'The passage in the article: body from startOffset to endOffset.' })
  async passage(@Root() candidate: CandidateRow, @Ctx() { loaders }: Context): Promise<string> {
    const article = await loaders.articleById.load(candidate.articleId);
    return article ? article.body.slice(candidate.startOffset, candidate.endOffset) : '';
  }

  @FieldResolver(() => Speaker, { nullable: true, description: 'The stored speaker it matched; null when a new speaker is proposed (speakerName).' })
  speaker(@Root() candidate: CandidateRow, @Ctx() { loaders }: Context) {
    return candidate.speakerId ? loaders.speakerById.load(candidate.speakerId) : null;
  }

  @FieldResolver(() => Source, { nullable: true, description: 'The stored outlet matching `carrier`.' })
  carrierSource(@Root() candidate: CandidateRow, @Ctx() { loaders }: Context) {
    return candidate.carrierSourceId ? loaders.sourceById.load(candidate.carrierSourceId) : null;
  }

  @FieldResolver(() => [SuggestedLink], { description: 'Links it probably has: to stored statements it repeats or denies, and to candidates of the same article it rebuts.' })
  async suggestedLinks(
    @Root() candidate: CandidateRow,
    @Ctx() { loaders }: Context,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ) {
    return Promise.all(
      firstOf(candidate.suggestions as Suggestion[], first).map(async (suggestion, index) => ({
        index,
        kind: suggestion.kind,
        score: 'score' in suggestion && suggestion.score !== undefined ? suggestion.score : null,
        cues: suggestion.cues ?? [],
        statement: 'statementId' in suggestion ? await loaders.statementById.load(suggestion.statementId) : null,
        candidatePosition: 'candidatePosition' in suggestion ? suggestion.candidatePosition : null,
      })),
    );
  }

  @FieldResolver(() => Statement, { nullable: true, description: 'The statement it became, once accepted.' })
  statement(@Root() candidate: CandidateRow, @Ctx() { loaders }: Context) {
    return candidate.statementId ? loaders.statementById.load(candidate.statementId) : null;
  }
}
