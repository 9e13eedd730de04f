import fc from 'fast-check';
import type { PGlite } from '@electric-sql/pglite';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind } from '../../src/graphql/compiled/binder.js';
import { buildPlan } from '../../src/graphql/compiled/plan.js';
import { ArrayTextError, parseArray } from '../../src/graphql/compiled/pgarray.js';
import { epochMs, generate } from '../../src/graphql/compiled/sql.js';
import { globalIdOf, isoTime, jsonString } from '../../src/graphql/compiled/write.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { toGlobalId } from '../../src/ids.js';
import { getSchema } from '../../src/schema.js';

/**
 * What the compiled path writes from PostgreSQL's values must be what the
 * resolvers write: global IDs, DateTimes, text, and the arrays PostgreSQL
 * returns them in, checked on the embedded PostgreSQL over generated
 * values.
 */
let pglite: PGlite;
let schema: GraphQLSchema;
beforeAll(async () => {
  pglite = await openEmbedded();
  schema = await getSchema();
});
afterAll(() => pglite?.close());

const one = async (sql: string, params: unknown[]) => ((await pglite.query<{ v: string }>(sql, params)).rows[0]!.v);
const uuid = fc.uuid({ version: 7 });
const instant = fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });

describe('values as PostgreSQL returns them, written as the resolvers write them', () => {
  it('writes global IDs from the uuid text as toGlobalId', async () => {
    await fc.assert(
      fc.asyncProperty(uuid, fc.constantFrom('Statement', 'Speaker', 'Source', 'Appearance', 'Verdict', 'StatementLink' as const), async (id, type) => {
        expect(globalIdOf(type, await one(`SELECT $1::uuid::text AS v`, [id]))).toBe(toGlobalId(type, id));
      }),
      { numRuns: 60 },
    );
    expect(() => globalIdOf('Statement', 'not-a-uuid')).toThrow();
    expect(() => globalIdOf('Statement', '0190c2a0-0000-7000-8000-00000000000g')).toThrow();
  });

  it('writes DateTimes as toISOString, years 1 to 9999, from the milliseconds the SQL reads', async () => {
    await fc.assert(
      fc.asyncProperty(instant, async (date) => {
        expect(isoTime(await one(`SELECT ${epochMs('$1::timestamptz(3)')} AS v`, [date.toISOString()]))).toBe(date.toISOString());
      }),
      { numRuns: 100 },
    );
    // The worked-out range and its edges, without the database.
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (ms) => {
        expect(isoTime(String(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
    for (const ms of [0, 1, 86399999, 86400000, 951782400000, 951868800000, 4107542400000, 253402300799999]) expect(isoTime(String(ms))).toBe(new Date(ms).toISOString());
  });

  it('writes text as JSON.stringify does, whatever it holds', () => {
    const unit = fc.nat(0xffff).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit }), fc.string({ unit: 'grapheme' })), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['', '"', '\\', '\u2028', '\ud800', '\udfff\ud800', '\ud83d\ude00', '\u0000', '\u001f', '\u007f']) expect(jsonString(text)).toBe(JSON.stringify(text));
  });

  it('reads arrays back as PostgreSQL wrote them: any text, NULLs, two dimensions, an array inside as its text', async () => {
    const text = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000'));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text, { nil: null }), { maxLength: 6 }), fc.integer({ min: 1, max: 3 }), async (values, rows) => {
        expect(parseArray(await one(`SELECT $1::text[]::text AS v`, [values]))).toEqual(values);
        // Rows of one width, as a list of related rows comes back; and the first row again inside, as its text.
        const grid = Array.from({ length: rows }, () => [...values, 'x']);
        const written = await one(`SELECT ARRAY(SELECT $1::text[] || ARRAY[$1::text[]::text] FROM generate_series(1, $2))::text AS v`, [[...values, 'x'], rows]);
        const read = parseArray(written) as string[][];
        expect(read.map((row) => row.slice(0, -1))).toEqual(grid);
        expect(read.map((row) => parseArray(row[row.length - 1]!))).toEqual(grid);
      }),
      { numRuns: 80 },
    );
    expect(parseArray('{}')).toEqual([]);
    expect(parseArray('{NULL,"NULL",""}')).toEqual([null, 'NULL', '']);
    // A long run of backslashes, escaped twice over, reads back whole.
    const slashes = '\\'.repeat(20000) + '"';
    expect(parseArray(await one(`SELECT ARRAY[ARRAY[$1]::text]::text AS v`, [slashes])).map((inner) => parseArray(inner as string))).toEqual([[slashes]]);
    for (const bad of ['', '{', '{a', '{"a}', '{a,}', '{a}b', 'a', '{a"b}']) expect(() => parseArray(bad)).toThrow(ArrayTextError);
  });

  it('reads a relevance rank back from its text as the same number, which the cursor then writes as the resolvers do', async () => {
    const ranks = [...fc.sample(fc.double({ min: 0, max: 1e25, noNaN: true }), { numRuns: 300, seed: 7 }), 0, 1e-7, 5e-5, 1e15, 1e21, 2 / 3].filter((x) => !Object.is(x, -0));
    const rows = (await pglite.query<{ v: string }>(`SELECT v::text AS v FROM unnest($1::float8[]) WITH ORDINALITY AS u(v, n) ORDER BY n`, [ranks])).rows;
    expect(rows.map((row) => Number(row.v))).toEqual(ranks);
  });
});

describe('SQL generation: values only as parameters', () => {
  it('never writes a value from the request into the SQL text', () => {
    const hostile = "x'); DROP TABLE statement; --";
    const operation = parse(`query($slug: String, $lang: String) {
      source(slug: $slug) { name }
      statements(filter: { language: $lang }) { edges { node { text } } }
    }`).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
    const plan = buildPlan(schema, operation, { schema, fragments: {}, variables: {} });
    const generated = generate(plan, bind(plan, { slug: 'afp', lang: 'en' }, { defaultPageSize: 20, maxPageSize: 100 }));
    expect(generated.params).toContain('afp');
    expect(generated.sql).not.toContain('afp');
    // A hostile slug is refused by the binder before it could be bound at all (slugs are checked as the service checks them).
    expect(() => bind(plan, { slug: hostile, lang: 'en' }, { defaultPageSize: 20, maxPageSize: 100 })).toThrow();
  });
});
