import fc from 'fast-check';
import type { PGlite } from '@electric-sql/pglite';
import { Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bind } from '../../src/graphql/compiled/binder.js';
import { buildPlan } from '../../src/graphql/compiled/plan.js';
import { cursorSql, generate, isoTime, jsonObject, jsonString } from '../../src/graphql/compiled/sql.js';
import { base64urlSql, globalIdSql } from '../../src/db/sql-ids.js';
import { openEmbedded } from '../../src/db/embedded.js';
import { toGlobalId } from '../../src/ids.js';
import { encodeCursor } from '../../src/pagination.js';
import { getSchema } from '../../src/schema.js';

/**
 * What PostgreSQL writes for the compiler must be what the resolvers'
 * JavaScript writes: global IDs, cursors and DateTimes, checked on the
 * embedded PostgreSQL over generated values.
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

describe('SQL generation: scalars as the resolvers write them', () => {
  it('writes global IDs as toGlobalId', async () => {
    await fc.assert(
      fc.asyncProperty(uuid, fc.constantFrom('Statement', 'Speaker', 'Source', 'Appearance', 'Verdict', 'StatementLink' as const), async (id, type) => {
        expect(await one(`SELECT ${globalIdSql(type, '$1::uuid')} AS v`, [id])).toBe(toGlobalId(type, id));
      }),
      { numRuns: 60 },
    );
  });

  it("writes base64url as Buffer does, at any length (PostgreSQL's base64 breaks lines past 57 bytes)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200, size: 'max' }), async (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        expect(await one(`SELECT ${base64urlSql('decode($1, \'hex\')')} AS v`, [hex])).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 100 },
    );
  });

  it('writes DateTimes as toISOString, years 1 to 9999', async () => {
    await fc.assert(
      fc.asyncProperty(instant, async (date) => {
        expect(await one(`SELECT ${isoTime('$1::timestamptz(3)')} AS v`, [date.toISOString()])).toBe(date.toISOString());
      }),
      { numRuns: 100 },
    );
  });

  it('writes cursors as encodeCursor, in each order (long cursors too, which base64 would break across lines)', async () => {
    await fc.assert(
      fc.asyncProperty(uuid, fc.option(instant), async (id, statedAt) => {
        const row = `(SELECT $1::uuid AS id, $2::timestamptz(3) AS stated_at) r`;
        const params = [id, statedAt?.toISOString() ?? null];
        const column = (name: string) => `r.${name}`;
        expect(await one(`SELECT ${cursorSql('N', column)} AS v FROM ${row}`, params)).toBe(encodeCursor({ o: 'N', id }));
        expect(await one(`SELECT ${cursorSql('S', column)} AS v FROM ${row}`, params)).toBe(encodeCursor({ o: 'S', t: statedAt?.toISOString() ?? null, id }));
      }),
      { numRuns: 60 },
    );
  });

  it('writes text that parses back to the same string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000')), async (text) => {
        expect(JSON.parse(await one(`SELECT ${jsonString('$1::text')} AS v`, [text]))).toBe(text);
      }),
      { numRuns: 100 },
    );
  });

  it('writes objects whose keys, constants and values parse back in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,20}$/), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), fc.boolean()), { minLength: 1, maxLength: 8 }),
        async (members) => {
          const unique = [...new Map(members.map((m) => [m[0], m])).values()];
          const params: unknown[] = [];
          const object = jsonObject(
            unique.map(([key, value, constant]) => {
              if (constant) return [key, { constant: JSON.stringify(value) }];
              params.push(JSON.stringify(value));
              return [key, { sql: `($${params.length}::json)::text` }];
            }),
          );
          const text = await one(`SELECT ${object} AS v`, params);
          expect(Object.entries(JSON.parse(text))).toEqual(unique.map(([key, value]) => [key, value]));
        },
      ),
      { numRuns: 60 },
    );
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
