import { describe, expect, it } from 'vitest';
import { MAX_PREPARED, PreparedTexts } from '../../src/db/client.js';

/** Which statements run prepared: bounded, whatever clients send, and named by their text. */
describe('PreparedTexts', () => {
  it('prepares a text on its third use, under a name derived from it', () => {
    const prepared = new PreparedTexts();
    expect(prepared.nameOf('SELECT 1')).toBeUndefined();
    expect(prepared.nameOf('SELECT 1')).toBeUndefined();
    const name = prepared.nameOf('SELECT 1');
    expect(name).toMatch(/^fc_[A-Za-z0-9_-]{32}$/);
    expect(prepared.nameOf('SELECT 1')).toBe(name);
    // Another instance (another process) names the same text alike.
    const other = new PreparedTexts();
    for (let i = 0; i < 2; i++) other.nameOf('SELECT 1');
    expect(other.nameOf('SELECT 1')).toBe(name);
  });

  it('gives different texts different names', () => {
    const prepared = new PreparedTexts();
    const names = new Set<string>();
    for (const text of ['SELECT 1', 'SELECT 2', 'SELECT 1 ', 'select 1']) {
      let name: string | undefined;
      for (let i = 0; i < 3; i++) name = prepared.nameOf(text);
      names.add(name!);
    }
    expect(names.size).toBe(4);
  });

  it(`keeps at most ${MAX_PREPARED} texts prepared, and the first ones stay`, () => {
    const prepared = new PreparedTexts();
    const first: string[] = [];
    for (let n = 0; n < MAX_PREPARED * 3; n++) {
      let name: string | undefined;
      for (let i = 0; i < 5; i++) name = prepared.nameOf(`SELECT ${n}`);
      if (n < MAX_PREPARED) {
        expect(name).toBeDefined();
        first.push(name!);
      } else expect(name).toBeUndefined();
    }
    for (let n = 0; n < MAX_PREPARED; n++) expect(prepared.nameOf(`SELECT ${n}`)).toBe(first[n]);
  });

  it('does not remember an unbounded number of texts seen once', () => {
    const prepared = new PreparedTexts();
    for (let n = 0; n < 100_000; n++) prepared.nameOf(`SELECT ${n} -- once`);
    // The count of uses started over along the way: a text seen twice long ago is not prepared on its next use.
    prepared.nameOf('SELECT x');
    prepared.nameOf('SELECT x');
    expect(prepared.nameOf('SELECT x')).toBeDefined();
    expect((prepared as unknown as { uses: Map<string, number> }).uses.size).toBeLessThanOrEqual(2000);
  });
});
