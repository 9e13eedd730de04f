import { Arg, Authorized, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Source as SourceRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { PageArgs } from '../../pagination.js';
import { StatementOrder } from '../statement/statement.inputs.js';
import { StatementConnection } from '../statement/statement.type.js';
import { CreateSourceInput } from './source.inputs.js';
import { Source, SourceConnection } from './source.type.js';
import { Compiled, globalId, root } from '../../graphql/compiled/spec.js';

@Resolver(() => Source)
export class SourceResolver {
  @Compiled(root('source'))
  @Query(() => Source, { nullable: true, description: 'One source, by ID or by slug (give exactly one). NOT_FOUND when there is none.' })
  source(
    @Ctx() { services }: Context,
    @Arg('id', () => ID, { nullable: true, description: 'A Source ID.' }) id: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'A slug, such as "afp".' }) slug: string | null,
  ): Promise<SourceRow> {
    return services.sources.find(id, slug);
  }

  @Query(() => SourceConnection, { description: 'All sources, alphabetically.' })
  async sources(@Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs): Promise<SourceConnection> {
    return new SourceConnection(await services.sources.list(page));
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => Source, { description: 'Records an outlet. CONFLICT when the slug is taken.' })
  createSource(@Ctx() { services, actor }: Context, @Arg('input', () => CreateSourceInput, { description: 'What to write.' }) input: CreateSourceInput): Promise<SourceRow> {
    return services.sources.create(actor, input);
  }

  @Compiled(globalId('Source'))
  @FieldResolver(() => ID)
  id(@Root() source: SourceRow): string {
    return toGlobalId('Source', source.id);
  }

  @FieldResolver(() => StatementConnection, { description: 'Statements this source carried, newest first.' })
  async statements(@Root() source: SourceRow, @Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs) {
    const found = await services.statements.list({ sourceId: toGlobalId('Source', source.id) }, StatementOrder.NEWEST, page);
    return new StatementConnection(found);
  }
}
