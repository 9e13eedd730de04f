import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFormGlobalId, NODE_TYPES, parseGlobalId, toGlobalId } from '../../src/ids.js';
import { CURSOR_START, CURSOR_TAG, cursorFieldName, cursorValue, decodeCursor, encodeCursor, isIdCursor } from '../../src/pagination.js';
import { createStatement } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

const firstFormCursor = (key: unknown) => Buffer.from('c1:' + JSON.stringify(key), 'utf8').toString('base64url');
const ID = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('compact global IDs and cursors (unit)', () => {
  it('writes every type in 23 characters, typed and reversible', () => {
    for (const type of NODE_TYPES) {
      const id = toGlobalId(type, ID);
      expect(id).toHaveLength(23);
      expect(parseGlobalId(id)).toEqual({ type, id: ID });
      expect(firstFormGlobalId(type, ID).length).toBeGreaterThanOrEqual(2 * id.length);
    }
  });

  it('refuses a compact ID with a type byte no type has, or spelled with spare bits set', () => {
    const bytes = Buffer.from(toGlobalId('Statement', ID), 'base64url');
    bytes[0] = 0;
    expect(parseGlobalId(bytes.toString('base64url'))).toBeUndefined();
    bytes[0] = NODE_TYPES.length + 1;
    expect(parseGlobalId(bytes.toString('base64url'))).toBeUndefined();
    // The last character of 17 bytes in base64url carries 4 spare bits: another letter there is another spelling of the same bytes.
    const id = toGlobalId('Statement', '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a50');
    const sibling = id.slice(0, -1) + String.fromCharCode(id.charCodeAt(22) + 1);
    expect(Buffer.from(sibling, 'base64url').equals(Buffer.from(id, 'base64url'))).toBe(true);
    expect(parseGlobalId(sibling)).toBeUndefined();
  });

  it('writes cursors in about half the length, and still reads the first form', () => {
    for (const key of [{ o: 'N', id: ID }, { o: 'S', t: '2024-03-01T10:00:00.000Z', id: ID }, { o: 'S', t: null, id: ID }, { n: 'Agence France-Presse', id: ID }]) {
      const compact = encodeCursor(key);
      // Names stay text: those cursors shrink by their uuid alone.
      expect(compact.length * ('n' in key ? 1.5 : 2)).toBeLessThan(firstFormCursor(key).length);
      expect(decodeCursor(compact, (v): v is unknown => true)).toEqual(key);
      expect(decodeCursor(firstFormCursor(key), (v): v is unknown => true)).toEqual(key);
    }
  });

  it.each([
    ['a field cut short', Buffer.concat([CURSOR_START, cursorFieldName('id'), Buffer.from([CURSOR_TAG.uuid, 1, 2, 3])])],
    ['an unknown tag', Buffer.concat([CURSOR_START, cursorFieldName('id'), Buffer.from([0x51])])],
    ['the same field twice', Buffer.concat([CURSOR_START, cursorFieldName('id'), cursorValue(ID), cursorFieldName('id'), cursorValue(ID)])],
    ['a field named __proto__', Buffer.concat([CURSOR_START, cursorFieldName('__proto__'), cursorValue(ID)])],
    ['JSON that does not parse', Buffer.concat([CURSOR_START, cursorFieldName('id'), Buffer.from([CURSOR_TAG.json, 0, 2]), Buffer.from('{x')])],
    ['a name longer than the bytes left', Buffer.concat([CURSOR_START, Buffer.from([200]), Buffer.from('id')])],
  ])('refuses a compact cursor with %s as BAD_USER_INPUT', (_, bytes) => {
    expect(() => decodeCursor(bytes.toString('base64url'), isIdCursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

for (const compile of ['true', 'false']) {
  describe(`compact global IDs and cursors over the API (GRAPHQL_COMPILE=${compile})`, () => {
    let api: TestServer;
    beforeAll(async () => {
      api = await startTestServer({ GRAPHQL_COMPILE: compile });
    });
    afterAll(() => api.close());

    it('answers with compact IDs and cursors, and an ID of the first form still finds the same statement', async () => {
      const { id } = await createStatement(api);
      expect(id).toHaveLength(23);
      const old = firstFormGlobalId('Statement', parseGlobalId(id)!.id);
      const data = await api.ok<{ statement: { id: string }; node: { id: string } }>('query($id: ID!) { statement(id: $id) { id } node(id: $id) { id } }', { id: old });
      expect(data.statement.id).toBe(id);
      expect(data.node.id).toBe(id);
    });

    it('pages on from a cursor of the first form as from its compact form', async () => {
      await createStatement(api);
      await createStatement(api);
      const query = 'query($after: String) { statements(first: 1, after: $after) { edges { cursor node { id } } pageInfo { endCursor } } }';
      const first = await api.ok<{ statements: { edges: { cursor: string; node: { id: string } }[]; pageInfo: { endCursor: string } } }>(query, { after: null });
      const cursor = first.statements.pageInfo.endCursor;
      expect(cursor.length).toBeLessThan(40);
      const key = decodeCursor(cursor, (v): v is Record<string, unknown> => true);
      const compact = await api.ok<{ statements: { edges: { node: { id: string } }[] } }>(query, { after: cursor });
      const old = await api.ok<{ statements: { edges: { node: { id: string } }[] } }>(query, { after: firstFormCursor(key) });
      expect(old.statements.edges).toEqual(compact.statements.edges);
      expect(compact.statements.edges[0]!.node.id).not.toBe(first.statements.edges[0]!.node.id);
    });

    it('refuses forged and garbled IDs with BAD_USER_INPUT, naming the type expected', async () => {
      const { id } = await createStatement(api);
      const wrongType = toGlobalId('Speaker', parseGlobalId(id)!.id);
      const wrong = await api.fails('query($id: ID!) { statement(id: $id) { id } }', { id: wrongType });
      expect(wrong.extensions?.code).toBe('BAD_USER_INPUT');
      expect(wrong.message).toMatch(/must be a Statement ID, but this is a Speaker ID/);
      const bytes = Buffer.from(id, 'base64url');
      bytes[0] = 0xee;
      const garbled = await api.fails('query($id: ID!) { statement(id: $id) { id } }', { id: bytes.toString('base64url') });
      expect(garbled.extensions?.code).toBe('BAD_USER_INPUT');
      const cut = await api.fails('query($id: ID!) { statement(id: $id) { id } }', { id: id.slice(0, 22) });
      expect(cut.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
}
