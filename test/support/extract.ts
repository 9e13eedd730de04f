/** Reading a short text the way extractArticle does, for the unit tests of single stages. */
import type { Context } from '../../src/modules/ingest/extract-draft.js';
import { NameRegistry } from '../../src/modules/ingest/extract-names.js';
import { analyse, type Token, type Unit } from '../../src/modules/ingest/nlp.js';

export const PUBLISHED = new Date('2025-03-12T12:00:00Z'); // a Wednesday

export function contextOf(body: string, outlets: string[] = []): Context {
  const analysed = analyse(body);
  return { body, analysed, registry: new NameRegistry(body, analysed.units, []), publishedAt: PUBLISHED, outlets };
}

/** The only (or the given) sentence of a text. */
export function unitOf(body: string, index = 0): Unit {
  return analyse(body).units[index]!;
}

/** Index of the first token written as `word`. */
export function indexOf(tokens: Token[], word: string): number {
  const i = tokens.findIndex((t) => t.text === word);
  if (i < 0) throw new Error(`no token "${word}" in: ${tokens.map((t) => t.text).join(' ')}`);
  return i;
}

export const words = (tokens: Token[], range: [number, number] | null | undefined): string | null =>
  range ? tokens.slice(range[0], range[1]).map((t) => t.text).join(' ') : null;

export const spoken = (tokens: Token[]): string => tokens.map((t) => t.text).join(' ');
