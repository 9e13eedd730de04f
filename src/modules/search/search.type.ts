import { Field, Float, ObjectType } from 'type-graphql';
import type { Statement as StatementRow } from '../../generated/prisma/client.js';
import { Statement } from '../statement/statement.type.js';

@ObjectType('SimilarStatement', { description: 'A stored statement answering a text, with how well it does.' })
export class SimilarStatement {
  @Field(() => Float, {
    description:
      "How well it answers the text, 0 to 1: the share of the best score the text's words could reach (BM25 over the statement's text, quote, review headlines and speaker). Comparable across statements for one text; a threshold of about 0.2 keeps most true matches of a pasted post.",
  })
  score!: number;

  @Field(() => Statement, { description: 'The stored statement; its `externalReviews` and `verdicts` say how it was checked.' })
  statement!: StatementRow;
}
