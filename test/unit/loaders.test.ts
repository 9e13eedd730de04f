import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { createLoaders } from '../../src/loaders.js';

// A database that fails the test on any use: priming and reading primed keys must not touch it.
const untouchable = new Proxy({}, { get: (_, name) => { throw new Error(`database used: ${String(name)}`); } }) as Db;

describe('createLoaders', () => {
  it("makes a domain's loaders on first use, once per request", () => {
    const loaders = createLoaders(untouchable, { maxListSize: 100 });
    const made = (loaders as unknown as { made: unknown[] }).made;
    expect(made.filter(Boolean)).toHaveLength(0);
    const first = loaders.statementById;
    expect(loaders.statementById).toBe(first);
    expect(made.filter(Boolean)).toHaveLength(1);
    loaders.speakerById;
    expect(made.filter(Boolean)).toHaveLength(2);
  });

  it('gives each request its own loaders, and keeps what was primed in them', async () => {
    const a = createLoaders(untouchable, { maxListSize: 100 });
    const b = createLoaders(untouchable, { maxListSize: 100 });
    expect(a.sourceById).not.toBe(b.sourceById);
    const row = { id: 's1' } as never;
    a.sourceById.prime('s1', row);
    expect(await a.sourceById.load('s1')).toBe(row);
  });
});
