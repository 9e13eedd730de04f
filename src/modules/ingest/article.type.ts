import { Extensions, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CUES_MAX } from './extract-rebuts.js';
import { CandidateStatus, LinkKind } from '../../generated/prisma/enums.js';
import { Node } from '../node/node.type.js';
import { Statement } from '../statement/statement.type.js';

export enum CandidateStance {
  ASSERTS = 'ASSERTS',
  DENIES = 'DENIES',
}

registerEnumType(CandidateStance, {
  name: 'CandidateStance',
  description: 'What the attributed words do.',
  valuesConfig: {
    ASSERTS: { description: 'States, claims, accuses, announces.' },
    DENIES: { description: 'Denies or rejects something said: suggests a REBUTS link.' },
  },
});

registerEnumType(CandidateStatus, {
  name: 'CandidateStatus',
  description: 'Where a candidate stands in review.',
  valuesConfig: {
    PENDING: { description: 'Waiting for a person to accept or reject it.' },
    ACCEPTED: { description: 'Accepted: it is now a statement.' },
    REJECTED: { description: 'Rejected, with a reason.' },
  },
});

export enum IngestWarningKind {
  SENTENCE_SPLIT = 'SENTENCE_SPLIT',
  CANDIDATES_LIMITED = 'CANDIDATES_LIMITED',
  CANDIDATE_TRUNCATED = 'CANDIDATE_TRUNCATED',
  LANGUAGE = 'LANGUAGE',
}

registerEnumType(IngestWarningKind, {
  name: 'IngestWarningKind',
  description: 'What reading an article could not keep whole.',
  valuesConfig: {
    SENTENCE_SPLIT: { description: 'A sentence over the sentence limit (INGEST_MAX_SENTENCE_CHARS) was read in pieces cut at clause boundaries.' },
    CANDIDATES_LIMITED: { description: 'The article held more candidates than the limit (INGEST_MAX_CANDIDATES); reading stopped at startOffset.' },
    CANDIDATE_TRUNCATED: { description: 'A candidate’s text, quote or speaker was longer than a statement or speaker can hold, and was cut at a word boundary (ending in “…”).' },
    LANGUAGE: { description: 'The article is not in English (as declared or as its text reads): the message says which language and how little was read (a few Spanish cues; nothing for other languages).' },
  },
});

@ObjectType('IngestWarning', { description: 'Something in the article that was cut or left unread instead of failing the ingest.' })
export class IngestWarning {
  @Field(() => IngestWarningKind, { description: 'What happened.' })
  kind!: IngestWarningKind;

  @Field(() => String, { description: 'What happened, in words, with the limit.' })
  message!: string;

  @Field(() => Int, { nullable: true, description: 'Where the passage concerned starts in the body (a character offset).' })
  startOffset!: number | null;

  @Field(() => Int, { nullable: true, description: 'Where the passage concerned ends in the body (exclusive).' })
  endOffset!: number | null;

  @Field(() => Int, { nullable: true, description: 'The candidate concerned, by position.' })
  candidatePosition!: number | null;
}

@ObjectType('SuggestedLink', {
  description: 'A link the candidate probably has: to a stored statement (with a similarity score) or to another candidate of the same article.',
})
export class SuggestedLink {
  @Field(() => Int, { description: 'Position in the candidate’s list of suggestions; pass it to acceptCandidate to accept this link.' })
  index!: number;

  @Field(() => LinkKind, { description: 'REPEATS (says the same thing) or REBUTS (denies it), from the candidate to the target.' })
  kind!: LinkKind;

  @Field(() => Float, {
    nullable: true,
    description:
      'How strong the suggestion is, 0 to 1: for a stored statement, how alike the texts are; for a rebuttal of another candidate, how many signals (the claimant named, shared rare words, the claim reported just before) tie the denial to it. Null on suggestions stored before scores were kept.',
  })
  score!: number | null;

  @Extensions({ maxItems: CUES_MAX })
  @Field(() => [String], {
    description:
      'The words that triggered the suggestion: for a rebuttal, the denial’s own cue words ("denied", "false", "no truth") and the words it shares with the claim; empty for REPEATS and for suggestions stored before cues were kept.',
  })
  cues!: string[];

  @Field(() => Statement, { nullable: true, description: 'The stored statement, when the target is one.' })
  statement!: unknown;

  @Field(() => Int, { nullable: true, description: 'The other candidate’s position in the article, when the target is one.' })
  candidatePosition!: number | null;
}

@ObjectType('Candidate', {
  implements: Node,
  description: 'An attributed statement found in an ingested article, proposed for review. Nothing becomes a statement until a person accepts it.',
})
export class Candidate implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => Int, { description: 'Order of appearance in the article, from 0.' })
  position!: number;

  @Field(() => String, { description: 'The speaker as written at this point ("he", "Jaafari", "Syria’s foreign ministery").' })
  speakerText!: string;

  @Field(() => String, { description: 'The speaker as resolved within the article ("Bashar al-Jaafari").' })
  speakerName!: string;

  @Field(() => Float, { nullable: true, description: 'How well `speaker` matches speakerName, 0 to 1; null when no stored speaker matched.' })
  speakerScore!: number | null;

  @Field(() => String, { nullable: true, description: 'The verbatim words, when in quotation marks.' })
  quote!: string | null;

  @Field(() => String, { description: 'The words: the quote, or the reported clause.' })
  text!: string;

  @Field(() => String, { description: 'The attribution verb: said, denied, accused, told, insisted...' })
  verb!: string;

  @Field(() => String, { nullable: true, description: 'The outlet the article says carried it ("SANA", "AFP"), besides the publisher.' })
  carrier!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was said: a date in the text, or a weekday resolved against the publication date.' })
  statedAt!: Date | null;

  @Field(() => Int, { description: 'Where the passage starts in the article body (a character offset).' })
  startOffset!: number;

  @Field(() => Int, { description: 'Where the passage ends in the article body (exclusive).' })
  endOffset!: number;

  @Field(() => CandidateStatus, { description: 'Pending, accepted or rejected.' })
  status!: CandidateStatus;

  @Field(() => String, { nullable: true, description: 'Why it was rejected.' })
  reason!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was accepted or rejected.' })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The key that accepted or rejected it.' })
  decidedBy!: string | null;
}

@ObjectType('Article', {
  implements: Node,
  description: 'An article sent in by a newsroom tool, kept whole for provenance, with the statements proposed from it.',
})
export class Article implements Node {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => String, { description: 'Where it was published; the same URL is the same article.' })
  url!: string;

  @Field(() => String, { description: 'Headline.' })
  title!: string;

  @Field(() => Date, { nullable: true, description: 'When it was published.' })
  publishedAt!: Date | null;

  @Field(() => String, { description: 'Language, a BCP 47 tag.' })
  language!: string;

  @Field(() => String, { description: 'The text as received; candidate offsets point into it.' })
  body!: string;

  @Field(() => Date, { description: 'When it was ingested.' })
  createdAt!: Date;
}
