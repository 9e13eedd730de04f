import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Source as SourceRow, Statement as StatementRow } from '../../generated/prisma/client.js';
import { firstOf, NESTED_FIRST_DESCRIPTION, NESTED_LIST_DEFAULT } from '../../pagination.js';
import { Source } from '../source/source.type.js';
import { Statement } from '../statement/statement.type.js';
import { propagationOf } from './propagation.rules.js';
import { Propagation, PropagationStep, SourcePickup } from './propagation.type.js';

@Resolver(() => Statement)
export class StatementPropagationResolver {
  @FieldResolver(() => Propagation, {
    description:
      "How the statement spread: the first appearance, then each later one with its outlet, time, lag and where the outlet said it got it (over the statement's first appearances by publication, as many as a page holds).",
  })
  async propagation(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<Propagation> {
    const steps = propagationOf(await loaders.appearancesByStatement.load(statement.id)).map(
      (step): PropagationStep => ({ ...step, publishedAt: step.appearance.publishedAt }),
    );
    const dated = steps.filter((s) => s.lagSeconds !== null);
    return {
      first: steps[0] ?? null,
      outlets: new Set(steps.map((s) => s.appearance.sourceId)).size,
      spanSeconds: dated.length > 1 ? dated.at(-1)!.lagSeconds : null,
      steps,
    };
  }
}

@Resolver(() => Propagation)
export class PropagationResolver {
  @FieldResolver(() => [PropagationStep], { description: 'The appearances after the first, in the order they spread.' })
  later(
    @Root() propagation: Propagation,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ): PropagationStep[] {
    return firstOf(propagation.steps.slice(1), first);
  }
}

@Resolver(() => PropagationStep)
export class PropagationStepResolver {
  @FieldResolver(() => Source, { description: 'The outlet that carried it.' })
  source(@Root() step: PropagationStep, @Ctx() { loaders }: Context) {
    return loaders.sourceById.load(step.appearance.sourceId);
  }

  @FieldResolver(() => Source, {
    nullable: true,
    description: 'Where the outlet said it got the statement (Appearance.carriedFrom); null when it did not say.',
  })
  carriedFrom(@Root() step: PropagationStep, @Ctx() { loaders }: Context) {
    return step.appearance.carriedFromId ? loaders.sourceById.load(step.appearance.carriedFromId) : null;
  }
}

@Resolver(() => Source)
export class SourcePickupResolver {
  @FieldResolver(() => SourcePickup, {
    description:
      'How this outlet comes by what it carries: over the statements whose earliest appearance in it was published in [since, until), how often it was first, its median lag when not, and the outlets it most picks up from.',
  })
  pickup(
    @Root() source: SourceRow,
    @Ctx() { services }: Context,
    @Arg('since', () => Date, { nullable: true, description: 'Published at or after this moment.' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Published before this moment.' }) until: Date | null,
  ): Promise<SourcePickup> {
    return services.propagation.pickup(source.id, since ?? null, until ?? null);
  }
}
