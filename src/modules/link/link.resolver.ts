import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { StatementLink as LinkRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { Statement } from '../statement/statement.type.js';
import { LinkStatementsInput, UnlinkStatementsInput } from './link.inputs.js';
import { StatementLink } from './link.type.js';

@Resolver(() => StatementLink)
export class LinkResolver {
  @Authorized('CONTRIBUTOR')
  @Mutation(() => StatementLink, {
    description: 'Links two statements: `from` rebuts, supports, repeats or clarifies `to`. CONFLICT when that link exists; no self-links.',
  })
  linkStatements(@Ctx() { services, actor }: Context, @Arg('input', () => LinkStatementsInput, { description: 'What to write.' }) input: LinkStatementsInput): Promise<LinkRow> {
    return services.links.link(actor, input);
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => StatementLink, {
    description:
      'Removes a link and returns it as it was. NOT_FOUND when there is no such link; FORBIDDEN (with `requiredRole`) when the link was made by a higher role than yours, such as a fact-checker’s rebuttal.',
  })
  unlinkStatements(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => UnlinkStatementsInput, { description: 'What to write.' }) input: UnlinkStatementsInput,
  ): Promise<LinkRow> {
    return services.links.unlink(actor, input);
  }

  @FieldResolver(() => ID)
  id(@Root() link: LinkRow): string {
    return toGlobalId('StatementLink', link.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The name of the API key that recorded the link; null for links recorded by the service's own tools.",
  })
  async createdBy(@Root() link: LinkRow, @Ctx() { loaders }: Context): Promise<string | null> {
    if (!link.createdById) return null;
    return (await loaders.apiKeyNameById.load(link.createdById))?.name ?? null;
  }

  @FieldResolver(() => Statement, { description: 'The statement that responds (for REBUTS, the rebuttal).' })
  from(@Root() link: LinkRow, @Ctx() { loaders }: Context) {
    return loaders.statementById.load(link.fromId);
  }

  @FieldResolver(() => Statement, { description: 'The statement responded to (for REBUTS, the statement rebutted).' })
  to(@Root() link: LinkRow, @Ctx() { loaders }: Context) {
    return loaders.statementById.load(link.toId);
  }
}
