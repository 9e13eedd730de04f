import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Statement as StatementRow } from '../../generated/prisma/client.js';
import type { Loaders } from '../../loaders.js';
import { NO_RELATIONS, type StatementGraph, type StatementRelations } from './statement.service.js';

/**
 * Look-ahead for statements a query lists or fetches: the relations its
 * selection asks for (speaker, appearances and their sources, links and the
 * statements at their other end with their speakers, verdicts and their
 * evidence) are read in the same SQL statement as the statements themselves
 * and handed to the request's loaders, instead of one batch per relation as
 * the resolvers reach them. Resolvers still read through the loaders, and
 * whatever was not preloaded (anything deeper, such as a rebuttal's own
 * appearances) is fetched by them as before: the answer is the same either
 * way, only the number of round trips changes.
 */

/** Statement fields served by each relation. */
const FIELD_NEEDS: Record<string, (keyof StatementRelations)[]> = {
  speaker: ['speaker'],
  appearances: ['appearances'],
  sources: ['sources'],
  rebuttals: ['linksTo'],
  disputed: ['linksTo'],
  rebuts: ['linksFrom'],
  links: ['linksTo', 'linksFrom'],
  verdict: ['verdicts'],
  verdicts: ['verdicts'],
  statusAsOf: ['verdicts'],
};

/** The selections of a field, fragments included (directives are not evaluated: at worst something is preloaded for nothing). */
function fieldsOf(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, info, into);
    else fieldsOf(info.fragments[selection.name.value]?.selectionSet, info, into);
  }
  return into;
}

const subFields = (fields: FieldNode[], info: GraphQLResolveInfo) => fields.flatMap((field) => fieldsOf(field.selectionSet, info));

/** The relations asked of statements selected by `statementFields` (the fields of a Statement selection). */
function relationsOf(statementFields: FieldNode[]): StatementRelations {
  const relations: StatementRelations = { ...NO_RELATIONS };
  for (const field of statementFields) {
    for (const relation of FIELD_NEEDS[field.name.value] ?? []) relations[relation] = true;
  }
  return relations;
}

/** What the current field (a StatementConnection, or a Statement) asks of its statements. */
export function relationsAsked(info: GraphQLResolveInfo, shape: 'connection' | 'statement'): StatementRelations {
  const own = info.fieldNodes;
  const statementFields =
    shape === 'statement'
      ? subFields([...own], info)
      : subFields(
          subFields(subFields([...own], info).filter((f) => f.name.value === 'edges'), info).filter((f) => f.name.value === 'node'),
          info,
        );
  return relationsOf(statementFields);
}

/** Groups rows by key, keeping their order, with an empty group for every key given. */
function groupBy<T>(keys: string[], rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return groups;
}

/** Hands preloaded relations to the request's loaders, so resolvers find them there. */
export function primeLoaders(loaders: Loaders, statements: StatementRow[], relations: StatementRelations, graph: StatementGraph | null): void {
  if (!graph) return;
  const ids = statements.map((s) => s.id);
  for (const statement of [...statements, ...graph.linked]) loaders.statementById.prime(statement.id, statement);
  for (const speaker of graph.speakers) loaders.speakerById.prime(speaker.id, speaker);
  for (const source of graph.sources) loaders.sourceById.prime(source.id, source);
  if (relations.appearances) {
    for (const [id, rows] of groupBy(ids, graph.appearances, (a) => a.statementId)) loaders.appearancesByStatement.prime(id, rows);
  }
  if (relations.sources) {
    for (const [id, rows] of groupBy(ids, graph.sourceOrder, (o) => o.statementId)) loaders.sourceIdsByStatement.prime(id, rows);
  }
  if (relations.linksTo) for (const [id, rows] of groupBy(ids, graph.linksTo, (l) => l.toId)) loaders.linksTo.prime(id, rows);
  if (relations.linksFrom) for (const [id, rows] of groupBy(ids, graph.linksFrom, (l) => l.fromId)) loaders.linksFrom.prime(id, rows);
  if (relations.verdicts) {
    for (const [id, rows] of groupBy(ids, graph.verdicts, (v) => v.statementId)) {
      loaders.verdictsByStatement.prime(id, rows);
      loaders.latestVerdictByStatement.prime(id, rows[0] ?? null);
    }
    const verdictIds = graph.verdicts.map((v) => v.id);
    for (const [id, rows] of groupBy(verdictIds, graph.evidence, (e) => e.verdictId)) loaders.evidenceByVerdict.prime(id, rows);
  }
}
