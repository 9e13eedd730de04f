import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { bind, Refused, type Bound } from '../../src/graphql/compiled/binder.js';
import { buildPlan } from '../../src/graphql/compiled/plan.js';
import { toGlobalId } from '../../src/ids.js';
import { encodeCursor } from '../../src/pagination.js';
import { getSchema } from '../../src/schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

const LIMITS = { defaultPageSize: 20, maxPageSize: 100 };
const ID = '019a0000-0000-7000-8000-000000000001';

/** The root field's binding for this document and these (already coerced) variables. */
function bound(document: string, variables: Record<string, unknown> = {}): Bound | undefined {
  const operation = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const plan = buildPlan(schema, operation, { schema, fragments: {}, variables });
  return bind(plan, variables, LIMITS).get(plan.fields[0]!);
}

const page = (args: string) => `{ statements${args} { edges { cursor } } }`;

describe('variable binder', () => {
  it('binds a page as StatementService.list reads it', () => {
    expect(bound(page(''))).toEqual({ kind: 'statements', first: 20, after: undefined, order: 'N', filter: { statuses: [] }, search: null });
    const after = encodeCursor({ o: 'S', t: '2024-03-01T10:00:00.000Z', id: ID });
    expect(bound(page(`(first: 5, after: "${after}", orderBy: STATED_AT, filter: { status: [FALSE], language: "EN-gb", disputed: false })`))).toEqual({
      kind: 'statements',
      first: 5,
      after: { o: 'S', t: '2024-03-01T10:00:00.000Z', id: ID },
      order: 'S',
      filter: { statuses: ['FALSE'], language: 'en-GB', disputed: false },
      search: null,
    });
  });

  it('binds a search ranked by relevance unless told otherwise, with its relevance cursor, as the service plans it', () => {
    const after = encodeCursor({ o: 'R', r: 0.5, id: ID });
    const ranked = bound(page(`(first: 3, after: "${after}", filter: { search: "prison crematorium" })`));
    expect(ranked).toMatchObject({ kind: 'statements', first: 3, order: 'R', after: { o: 'R', r: 0.5, id: ID } });
    expect(ranked?.kind === 'statements' && ranked.search?.rankedPage).toBeTypeOf('function');
    const newest = bound(page('(orderBy: NEWEST, filter: { search: "\\"prison crematorium\\" -sidon" })'));
    expect(newest).toMatchObject({ order: 'N' });
    expect(newest?.kind === 'statements' && newest.search?.required).toBeTruthy();
  });

  it('binds variables as graphql-js coerces them', () => {
    const speaker = toGlobalId('Speaker', ID);
    const b = bound(`query($f: StatementFilter) { statements(filter: $f) { totalCount } }`, { f: { speakerId: speaker, statedAfter: new Date('2020-01-01T00:00:00Z') } });
    expect(b).toMatchObject({ filter: { speakerId: ID, statedAfter: '2020-01-01T00:00:00.000Z' } });
  });

  const refused: [string, string][] = [
    ['a forged cursor', page(`(after: "${Buffer.from('c1:{"o":"N","id":"1 OR 1=1"}').toString('base64url')}")`)],
    ['a cursor of another order', page(`(after: "${encodeCursor({ o: 'N', id: ID })}", orderBy: STATED_AT)`)],
    ['a relevance cursor', page(`(after: "${encodeCursor({ o: 'R', r: 1, id: ID })}")`)],
    ['a page too large', page('(first: 101)')],
    ['a negative page', page('(first: -1)')],
    ['a blank search', page('(filter: { search: "   " })')],
    ['a search past its length', page(`(filter: { search: "${'word '.repeat(5000)}" })`)],
    ['a search past its operators', page(`(filter: { search: "${Array.from({ length: 40 }, () => '-x').join(' ')}" })`)],
    ['a relevance cursor in a search listed by date', page(`(after: "${encodeCursor({ o: 'R', r: 1, id: ID })}", orderBy: STATED_AT, filter: { search: "prison" })`)],
    ['relevance order', page('(orderBy: RELEVANCE)')],
    ['an ID of the wrong type', page(`(filter: { speakerId: "${toGlobalId('Source', ID)}" })`)],
    ['a malformed ID', `{ statement(id: "not an id") { id } }`],
    ['an ID of another type', `{ statement(id: "${toGlobalId('Speaker', ID)}") { id } }`],
    ['an empty range of dates', page('(filter: { statedAfter: "2020-01-02T00:00:00Z", statedBefore: "2020-01-01T00:00:00Z" })')],
    ['a language that is no tag', page('(filter: { language: "not a tag!" })')],
    ['a source by id and slug at once', `{ source(id: "${toGlobalId('Source', ID)}", slug: "afp") { id } }`],
    ['a source by neither', `{ source { id } }`],
    ['a slug that is none', `{ source(slug: "Not A Slug") { id } }`],
    ['a node ID that is none', `{ node(id: "garbage") { id } }`],
    ['a node of a type it does not compile', `{ node(id: "${toGlobalId('Article', ID)}") { id } }`],
  ];
  for (const [what, document] of refused) {
    it(`leaves ${what} to the resolvers`, () => {
      expect(() => bound(document)).toThrow(Refused);
    });
  }

  it('answers node() null for administrative records without reading them', () => {
    expect(bound(`{ node(id: "${toGlobalId('ApiKey', ID)}") { id } }`)).toEqual({ kind: 'node', type: null, id: ID, branch: null });
  });

  it('binds a nested list by its first, and refuses one out of range', () => {
    const operation = parse(`query($n: Int!) { statement(id: "${toGlobalId('Statement', ID)}") { appearances(first: $n) { url } } }`).definitions[0] as OperationDefinitionNode;
    const plan = buildPlan(schema, operation, { schema, fragments: {}, variables: {} });
    const appearances = plan.fields[0]!.object!.fields[0]!;
    expect(bind(plan, { n: 3 }, LIMITS).get(appearances)).toEqual({ kind: 'first', first: 3 });
    expect(() => bind(plan, { n: 1000 }, LIMITS)).toThrow(Refused);
  });
});
