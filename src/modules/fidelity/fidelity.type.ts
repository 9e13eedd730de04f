import { Extensions, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';

import { CHANGES_MAX } from './fidelity.compare.js';

export enum FidelityKind {
  VERBATIM = 'VERBATIM',
  TRIMMED = 'TRIMMED',
  PARAPHRASED = 'PARAPHRASED',
  ALTERED = 'ALTERED',
}

registerEnumType(FidelityKind, {
  name: 'FidelityKind',
  description: 'How faithfully an outlet carried the words said.',
  valuesConfig: {
    VERBATIM: { description: 'The same words (case, quotation marks and punctuation aside).' },
    TRIMMED: { description: 'Words left out, none changed, and nothing left out that changes the meaning (a negation, a hedge).' },
    PARAPHRASED: { description: 'Other words, and no rule finds a change of meaning.' },
    ALTERED: { description: 'A change of meaning a rule names: see the changes whose kind is not DROPPED, ADDED or REWORDED.' },
  },
});

export enum WordingChangeKind {
  NEGATION = 'NEGATION',
  NUMBER = 'NUMBER',
  DATE = 'DATE',
  NAME = 'NAME',
  HEDGE = 'HEDGE',
  INTENSIFIER = 'INTENSIFIER',
  DROPPED = 'DROPPED',
  ADDED = 'ADDED',
  REWORDED = 'REWORDED',
}

registerEnumType(WordingChangeKind, {
  name: 'WordingChangeKind',
  description: 'What one difference between the words said and the words carried does.',
  valuesConfig: {
    NEGATION: { description: 'A negation added or dropped.' },
    NUMBER: { description: 'A number changed, or one added that was not said.' },
    DATE: { description: 'A date or day changed, or one added.' },
    NAME: { description: 'A name replaced by another.' },
    HEDGE: { description: 'A hedge ("may have", "reportedly") removed or added.' },
    INTENSIFIER: { description: 'An intensifier ("categorically", "all") added.' },
    DROPPED: { description: 'Words left out, changing nothing a rule sees.' },
    ADDED: { description: 'Words added, changing nothing a rule sees.' },
    REWORDED: { description: 'Words put another way, changing nothing a rule sees.' },
  },
});

@ObjectType('WordingChange', { description: 'One difference between the words said and the words an outlet carried.' })
export class WordingChange {
  @Field(() => WordingChangeKind, { description: 'What the difference does.' })
  kind!: WordingChangeKind;

  @Field(() => String, { description: 'The rule that fired and the words it fired on, such as "a hedge was removed: may".' })
  rule!: string;

  @Field(() => String, { nullable: true, description: 'The words said that were changed or left out; null when words were only added.' })
  said!: string | null;

  @Field(() => String, { nullable: true, description: 'The words carried instead; null when words were only left out.' })
  carried!: string | null;
}

@ObjectType('Fidelity', {
  description:
    "How faithfully an appearance's wording carries what was said: compared with the statement's verbatim quote, or, without one, with the first appearance's wording. Deterministic: every ALTERED names the rule and words.",
})
export class Fidelity {
  @Field(() => FidelityKind, { description: 'The verdict on the wording.' })
  kind!: FidelityKind;

  @Field(() => String, { description: 'What the wording was compared with: QUOTE or FIRST_APPEARANCE.' })
  comparedWith!: 'QUOTE' | 'FIRST_APPEARANCE';

  @Extensions({ maxItems: CHANGES_MAX })
  @Field(() => [WordingChange], {
    description: `The differences, in the order of the words said: at most ${CHANGES_MAX}, every change of meaning among them.`,
  })
  changes!: WordingChange[];
}

@ObjectType('SourceFidelity', { description: "How faithfully an outlet carried the words it reported, over its appearances in a period (by publication date)." })
export class SourceFidelity {
  @Field(() => Int, { description: 'Appearances in the period.' })
  appearances!: number;

  @Field(() => Int, { description: 'Those with a fidelity (a wording, and something to compare it with).' })
  compared!: number;

  @Field(() => Int, { description: 'Compared appearances in the same words.' })
  verbatim!: number;

  @Field(() => Int, { description: 'Compared appearances with words left out, none changed.' })
  trimmed!: number;

  @Field(() => Int, { description: 'Compared appearances in other words, no change of meaning found.' })
  paraphrased!: number;

  @Field(() => Int, { description: 'Compared appearances whose words change the meaning.' })
  altered!: number;

  @Field(() => Float, { nullable: true, description: 'altered / compared; null when nothing was compared.' })
  alteredShare!: number | null;
}
