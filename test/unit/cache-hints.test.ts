import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { cachePolicy } from '../../src/graphql/cache-hints.js';
import { toGlobalId } from '../../src/ids.js';
import { getSchema } from '../../src/schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

const policy = (query: string, variables?: Record<string, unknown>) => cachePolicy(schema, parse(query), undefined, variables, 60);
const ID = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('cache policy of a document', () => {
  it('is public for the default max-age over public reads, fragments included', () => {
    expect(policy('{ statements(first: 2) { edges { node { ...S } } } } fragment S on Statement { id speaker { name } }')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
  });

  it('turns private when any field, however deep or behind a fragment, reaches a key-dependent type', () => {
    expect(policy('{ statements(first: 1) { totalCount } apiKeys(first: 1) { totalCount } }')?.scope).toBe('PRIVATE');
    expect(policy('{ ...F } fragment F on Query { webhooks(first: 1) { edges { node { url } } } }')?.scope).toBe('PRIVATE');
    expect(policy('{ auditLog(first: 1) { totalCount } }')?.scope).toBe('PRIVATE');
  });

  it('narrows node(id) by the type its global ID names, literal or variable', () => {
    expect(policy(`{ node(id: "${toGlobalId('Statement', ID)}") { id } }`)?.scope).toBe('PUBLIC');
    expect(policy('query($id: ID!) { node(id: $id) { id } }', { id: toGlobalId('Speaker', ID) })?.scope).toBe('PUBLIC');
  });

  it('gives nothing for a mutation or a subscription', () => {
    expect(policy('mutation { revokeApiKey(id: "x") { id } }')).toBeUndefined();
    expect(policy('subscription { verdictChanged { eventId } }')).toBeUndefined();
  });
});
