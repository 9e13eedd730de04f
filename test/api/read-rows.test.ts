import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows, readRowsText } from '../../src/db/client.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { fromGlobalId } from '../../src/ids.js';
import { STATEMENT_COLUMNS } from '../../src/modules/statement/statement.service.js';
import { createStatement, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * readRows answers hot reads from the pool directly on a PostgreSQL server
 * and through Prisma elsewhere: the two must give the same rows, value for
 * value, for the column types its callers select.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

describe('readRows', () => {
  it('gives the rows Prisma gives: uuids, text, nulls, timestamps, integers, floats, booleans, enums as text, json and arrays', async () => {
    const quoted = await createStatement(api, { text: `The ${token()} crossing reopened.`, quote: 'It is open again', statedAt: '2026-02-03T04:05:06.789Z', language: 'en' });
    const plain = await createStatement(api, { text: `Nothing was said about ${token()}.` });
    const ids = [quoted.id, plain.id].map((id) => fromGlobalId('Statement', id, 'id'));
    const sql = Prisma.sql`
      SELECT ${STATEMENT_COLUMNS}, 0.25::float8 AS score, (s.quote IS NULL) AS unquoted,
        json_build_object('id', s.id, 'n', s.version) AS doc, ARRAY[s.text, s.quote] AS words
      FROM statement s WHERE s.id = ANY(${ids}::uuid[]) ORDER BY s.id`;
    const direct = await readRows<Record<string, unknown>>(api.db, sql);
    const viaPrisma = await api.db.$queryRaw<Record<string, unknown>[]>(sql);
    expect(direct).toHaveLength(2);
    expect(direct).toEqual(viaPrisma);
    expect(direct[0]!.statedAt ?? direct[1]!.statedAt).toBeInstanceOf(Date);
    // The text form takes $n placeholders and its values in order, as the compiled reads send them.
    const text = await readRowsText<{ id: string; n: number }>(api.db, 'SELECT s.id, s.version AS n FROM statement s WHERE s.id = $1::uuid', [ids[0]]);
    expect(text).toEqual([{ id: ids[0], n: 1 }]);
  });

  it('answers a prepared read alike on every use, past the uses after which PostgreSQL may switch to a generic plan', async () => {
    const texts = [0, 1, 2].map((i) => `Prepared ${token()} number ${i}.`);
    const ids: string[] = [];
    for (const text of texts) ids.push(fromGlobalId('Statement', (await createStatement(api, { text })).id, 'id'));
    const text = 'SELECT s.id, s.text FROM statement s WHERE s.id = $1::uuid';
    for (let i = 0; i < 24; i++) {
      const id = ids[i % ids.length]!;
      const rows = await readRowsText<{ id: string; text: string }>(api.db, text, [id], { prepare: true });
      expect(rows).toEqual([{ id, text: texts[i % texts.length] }]);
    }
  });

  it('reports a bad statement as the database error it is', async () => {
    await expect(readRowsText(api.db, 'SELECT no_such_column FROM statement', [])).rejects.toThrow(/no_such_column/);
  });
});
