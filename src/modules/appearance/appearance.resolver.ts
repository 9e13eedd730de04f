import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Appearance as AppearanceRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { Source } from '../source/source.type.js';
import { Statement } from '../statement/statement.type.js';
import { AddAppearanceInput } from './appearance.inputs.js';
import { Appearance } from './appearance.type.js';
import { Compiled, globalId, relation } from '../../graphql/compiled/spec.js';

@Resolver(() => Appearance)
export class AppearanceResolver {
  @Authorized('CONTRIBUTOR')
  @Mutation(() => Appearance, { description: 'Records another place a statement was carried. CONFLICT when that URL is already recorded for it.' })
  addAppearance(@Ctx() { services, actor }: Context, @Arg('input', () => AddAppearanceInput, { description: 'What to write.' }) input: AddAppearanceInput): Promise<AppearanceRow> {
    return services.appearances.add(actor, input);
  }

  @Compiled(globalId('Appearance'))
  @FieldResolver(() => ID)
  id(@Root() appearance: AppearanceRow): string {
    return toGlobalId('Appearance', appearance.id);
  }

  @Compiled(relation('appearance.source'))
  @FieldResolver(() => Source, { description: 'The outlet that carried the statement.' })
  source(@Root() appearance: AppearanceRow, @Ctx() { loaders }: Context) {
    return loaders.sourceById.load(appearance.sourceId);
  }

  // Not compiled: an operation asking for it is answered by the resolvers.
  @FieldResolver(() => Source, {
    nullable: true,
    description: 'The outlet this one said it got the statement from ("according to SANA", "told AFP"), as recorded by hand or by article ingestion; null when it did not say.',
  })
  carriedFrom(@Root() appearance: AppearanceRow, @Ctx() { loaders }: Context) {
    return appearance.carriedFromId ? loaders.sourceById.load(appearance.carriedFromId) : null;
  }

  @Compiled(relation('appearance.statement'))
  @FieldResolver(() => Statement, { description: 'The statement carried.' })
  statement(@Root() appearance: AppearanceRow, @Ctx() { loaders }: Context) {
    return loaders.statementById.load(appearance.statementId);
  }
}
