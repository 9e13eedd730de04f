import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Statement as StatementRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { firstOf, NESTED_FIRST_DESCRIPTION, NESTED_LIST_DEFAULT, PageArgs } from '../../pagination.js';
import { Appearance } from '../appearance/appearance.type.js';
import { LinkKind, VerificationStatus } from '../enums.js';
import { LinkDirection, StatementLink } from '../link/link.type.js';
import { Source } from '../source/source.type.js';
import { Speaker } from '../speaker/speaker.type.js';
import { statusAt } from '../verdict/verdict.rules.js';
import { Verdict } from '../verdict/verdict.type.js';
import { CreateStatementInput, StatementFilter, StatementOrder, UpdateStatementInput } from './statement.inputs.js';
import { primeLoaders, relationsAsked } from './statement.preload.js';
import { Statement, StatementConnection } from './statement.type.js';
import { Compiled, globalId, relation, root } from '../../graphql/compiled/spec.js';

@Resolver(() => Statement)
export class StatementResolver {
  @Compiled(root('statements'))
  @Query(() => StatementConnection, {
    description: 'Statements, filtered and paginated by cursor: newest first, or best match first when searching, unless `orderBy` says otherwise.',
  })
  async statements(
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Conditions every statement must meet.' })
    filter: StatementFilter | null,
    @Arg('orderBy', () => StatementOrder, { nullable: true, description: 'List order: RELEVANCE when `filter.search` is given, NEWEST otherwise.' })
    orderBy: StatementOrder | null,
  ): Promise<StatementConnection> {
    const relations = relationsAsked(info, 'connection');
    const found = await context.services.statements.list(filter, orderBy, page, relations);
    primeLoaders(context.loaders, found.edges.map((edge) => edge.node), relations, found.related);
    return new StatementConnection(found);
  }

  @Compiled(root('statement'))
  @Query(() => Statement, { nullable: true, description: 'One statement by ID. NOT_FOUND when there is none.' })
  async statement(
    @Ctx() context: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: 'A Statement ID.' }) id: string,
  ): Promise<StatementRow> {
    const relations = relationsAsked(info, 'statement');
    const { statement, related } = await context.services.statements.getWithRelations(id, relations);
    primeLoaders(context.loaders, [statement], relations, related);
    return statement;
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => Statement, { description: 'Records a statement and, in the same transaction, where it appeared.' })
  createStatement(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => CreateStatementInput, { description: 'What to write.' }) input: CreateStatementInput,
  ): Promise<StatementRow> {
    return services.statements.create(actor, input);
  }

  @Authorized('CONTRIBUTOR')
  @Mutation(() => Statement, {
    description: 'Changes a statement if it is still at `expectedVersion`; otherwise CONFLICT and nothing is written.',
  })
  updateStatement(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => UpdateStatementInput, { description: 'What to write.' }) input: UpdateStatementInput,
  ): Promise<StatementRow> {
    return services.statements.update(actor, input);
  }

  @Compiled(globalId('Statement'))
  @FieldResolver(() => ID)
  id(@Root() statement: StatementRow): string {
    return toGlobalId('Statement', statement.id);
  }

  @Compiled(relation('statement.speaker'))
  @FieldResolver(() => Speaker, { description: 'Who said it.' })
  async speaker(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return loaders.speakerById.load(statement.speakerId);
  }

  @Compiled(relation('statement.verdict'))
  @FieldResolver(() => Verdict, { nullable: true, description: 'The current verdict: the latest one, or null if never checked.' })
  verdict(@Root() statement: StatementRow, @Ctx() { loaders }: Context) {
    return loaders.latestVerdictByStatement.load(statement.id);
  }

  @Compiled(relation('statement.verdicts'))
  @FieldResolver(() => [Verdict], { description: 'The verdicts recorded on it, newest first (`verdictCount` says how many there are).' })
  async verdicts(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number) {
    return firstOf(await loaders.verdictsByStatement.load(statement.id), first);
  }

  @Compiled(relation('statement.verdictCount'))
  @FieldResolver(() => Int, { description: 'How many verdicts were ever recorded on it.' })
  async verdictCount(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.verdictsByStatement.load(statement.id)).length;
  }

  @FieldResolver(() => VerificationStatus, {
    nullable: true,
    description: 'The status the statement had at that moment, from its verdict history; null before it was recorded here.',
  })
  async statusAsOf(
    @Root() statement: StatementRow,
    @Ctx() { loaders }: Context,
    @Arg('at', () => Date, { description: 'The moment to look back to.' }) at: Date,
  ): Promise<VerificationStatus | null> {
    return statusAt(await loaders.verdictsByStatement.load(statement.id), statement.createdAt, at);
  }

  @Compiled(relation('statement.appearances'))
  @FieldResolver(() => [Appearance], { description: 'The places it was carried, earliest publication first (`appearanceCount` says how many there are).' })
  async appearances(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number) {
    return firstOf(await loaders.appearancesByStatement.load(statement.id), first);
  }

  @Compiled(relation('statement.appearanceCount'))
  @FieldResolver(() => Int, { description: 'How many places carried it.' })
  async appearanceCount(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.appearanceCount.load(statement.id);
  }

  @Compiled(relation('statement.sources'))
  @FieldResolver(() => [Source], { description: 'The distinct outlets that carried it, in order of first appearance.' })
  async sources(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number) {
    const outlets = firstOf(await loaders.sourceIdsByStatement.load(statement.id), first);
    return (await loaders.sourceById.loadMany(outlets.map((o) => o.sourceId))).filter(isRow);
  }

  @Compiled(relation('statement.rebuttals'))
  @FieldResolver(() => [Statement], {
    description: 'Statements that rebut this one (their REBUTS links point here), oldest link first (`rebuttalCount` says how many there are).',
  })
  async rebuttals(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number) {
    const links = await loaders.linksTo.load(statement.id);
    return loadStatements(loaders, firstOf(links.filter((l) => l.kind === LinkKind.REBUTS), first).map((l) => l.fromId));
  }

  @Compiled(relation('statement.rebuttalCount'))
  @FieldResolver(() => Int, { description: 'How many statements rebut this one.' })
  async rebuttalCount(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.rebuttalCount.load(statement.id);
  }

  @Compiled(relation('statement.rebuts'))
  @FieldResolver(() => [Statement], { description: 'Statements this one rebuts, oldest link first.' })
  async rebuts(@Root() statement: StatementRow, @Ctx() { loaders }: Context, @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number) {
    const links = await loaders.linksFrom.load(statement.id);
    return loadStatements(loaders, firstOf(links.filter((l) => l.kind === LinkKind.REBUTS), first).map((l) => l.toId));
  }

  @FieldResolver(() => [StatementLink], {
    description: 'Typed links to and from other statements, with their notes; outgoing first, then incoming.',
  })
  async links(
    @Root() statement: StatementRow,
    @Ctx() { loaders }: Context,
    @Arg('kind', () => LinkKind, { nullable: true, description: 'Only links of this kind.' }) kind: LinkKind | null,
    @Arg('direction', () => LinkDirection, { defaultValue: LinkDirection.BOTH, description: 'Which direction.' })
    direction: LinkDirection,
    @Arg('first', () => Int, { defaultValue: NESTED_LIST_DEFAULT, description: NESTED_FIRST_DESCRIPTION }) first: number,
  ) {
    const [outgoing, incoming] = await Promise.all([
      direction === LinkDirection.INCOMING ? [] : loaders.linksFrom.load(statement.id),
      direction === LinkDirection.OUTGOING ? [] : loaders.linksTo.load(statement.id),
    ]);
    return firstOf([...outgoing, ...incoming].filter((l) => kind == null || l.kind === kind), first);
  }

  @Compiled(relation('statement.disputed'))
  @FieldResolver(() => Boolean, { description: 'True when at least one statement rebuts this one.' })
  async disputed(@Root() statement: StatementRow, @Ctx() { loaders }: Context): Promise<boolean> {
    const links = await loaders.linksTo.load(statement.id);
    return links.some((l) => l.kind === LinkKind.REBUTS);
  }
}

async function loadStatements(loaders: Context['loaders'], ids: string[]): Promise<StatementRow[]> {
  return (await loaders.statementById.loadMany(ids)).filter(isRow);
}

/** Rows that loadMany found; links and appearances only point at rows that exist. */
function isRow<T>(row: T | null | Error): row is T {
  return row !== null && !(row instanceof Error);
}
