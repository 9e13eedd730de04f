import { Arg, Authorized, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Speaker as SpeakerRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { PageArgs } from '../../pagination.js';
import { StatementOrder } from '../statement/statement.inputs.js';
import { StatementConnection } from '../statement/statement.type.js';
import { CreateSpeakerInput } from './speaker.inputs.js';
import { Speaker, SpeakerConnection } from './speaker.type.js';
import { Compiled, globalId, root } from '../../graphql/compiled/spec.js';

@Resolver(() => Speaker)
export class SpeakerResolver {
  @Compiled(root('speaker'))
  @Query(() => Speaker, { nullable: true, description: 'One speaker by ID. NOT_FOUND when there is none.' })
  speaker(@Ctx() { services }: Context, @Arg('id', () => ID, { description: 'A Speaker ID.' }) id: string): Promise<SpeakerRow> {
    return services.speakers.get(id);
  }

  @Query(() => SpeakerConnection, { description: 'Speakers, alphabetically; `search` matches names and aliases, tolerating misspellings.' })
  async speakers(
    @Ctx() { services }: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('search', () => String, { nullable: true, description: 'Part of a name or alias, such as "Mistura" or "HNC".' })
    search: string | null,
  ): Promise<SpeakerConnection> {
    return new SpeakerConnection(await services.speakers.list(search, page));
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => Speaker, { description: 'Records a speaker.' })
  createSpeaker(@Ctx() { services, actor }: Context, @Arg('input', () => CreateSpeakerInput, { description: 'What to write.' }) input: CreateSpeakerInput): Promise<SpeakerRow> {
    return services.speakers.create(actor, input);
  }

  @Compiled(globalId('Speaker'))
  @FieldResolver(() => ID)
  id(@Root() speaker: SpeakerRow): string {
    return toGlobalId('Speaker', speaker.id);
  }

  @FieldResolver(() => StatementConnection, { description: 'What this speaker said, newest first.' })
  async statements(@Root() speaker: SpeakerRow, @Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs) {
    const found = await services.statements.list({ speakerId: toGlobalId('Speaker', speaker.id) }, StatementOrder.NEWEST, page);
    return new StatementConnection(found);
  }
}
