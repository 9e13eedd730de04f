import { Extensions, Field, Float, Int, ObjectType } from 'type-graphql';
import { Appearance } from '../appearance/appearance.type.js';
import { Source } from '../source/source.type.js';
import type { Appearance as AppearanceRow } from '../../generated/prisma/client.js';

/** Outlets listed in SourcePickup.from. */
export const PICKUP_FROM_MAX = 10;

@ObjectType('PropagationStep', { description: 'One appearance in the order a statement spread.' })
export class PropagationStep {
  @Field(() => Int, { description: '0 for the first appearance, then 1, 2, … in the order of the spread.' })
  position!: number;

  @Field(() => Appearance, { description: 'The appearance.' })
  appearance!: AppearanceRow;

  @Field(() => Date, { nullable: true, description: 'When the outlet published it; null when not recorded (such appearances come last).' })
  publishedAt!: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "Seconds from the first appearance's publication to this one's: 0 for the first; null when either date is unknown.",
  })
  lagSeconds!: number | null;

}

@ObjectType('Propagation', {
  description:
    'How a statement spread: its first appearance (earliest publication; at the same moment, the earliest recorded), then each later one with its lag and where the outlet said it got it.',
})
export class Propagation {
  @Field(() => PropagationStep, { nullable: true, description: 'Where the statement surfaced first; null when no appearance is recorded.' })
  first!: PropagationStep | null;

  @Field(() => Int, { description: 'Distinct outlets among the appearances read.' })
  outlets!: number;

  @Field(() => Int, { nullable: true, description: 'Seconds from the first dated appearance to the last; null with fewer than two dated ones.' })
  spanSeconds!: number | null;

  /** Every step read, the first included; `later` pages through them. */
  steps!: PropagationStep[];
}

@ObjectType('PickupOrigin', { description: 'An outlet another outlet picked statements up from.' })
export class PickupOrigin {
  @Field(() => Source, { description: 'The outlet picked up from.' })
  source!: object;

  @Field(() => Int, {
    description: 'Statements picked up from it: those the outlet said it got from it, and those it carried later where it said nothing and this outlet was first.',
  })
  statements!: number;

  @Field(() => Int, { description: 'Of those, how many the outlet named this one as its source (carriedFrom).' })
  named!: number;
}

@ObjectType('SourcePickup', {
  description: 'How an outlet comes by the statements it carries, over those it first carried in a period (by its publication date).',
})
export class SourcePickup {
  @Field(() => Int, { description: 'Statements the outlet carried in the period (its earliest appearance of each falls in it).' })
  statements!: number;

  @Field(() => Int, { description: 'Of those, how many it carried first of all outlets recorded.' })
  first!: number;

  @Field(() => Float, { nullable: true, description: 'first / statements; null when it carried none.' })
  firstShare!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'When it was not first: the median, in seconds, from the first appearance to its own (dated ones only); null when there is none.',
  })
  medianLagSeconds!: number | null;

  @Extensions({ maxItems: PICKUP_FROM_MAX })
  @Field(() => [PickupOrigin], { description: `The outlets it most often picks up from, most statements first (at most ${PICKUP_FROM_MAX}).` })
  from!: PickupOrigin[];
}
