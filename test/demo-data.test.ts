import { describe, it, expect } from 'vitest';
import { genevaStory } from '../src/modules/demo/geneva.data.js';

// These checks catch data mistakes before the seeder does: a broken key or a
// bad date would otherwise surface only as a failed load against a database.

const { sources, speakers, statements, links, verdicts } = genevaStory;

const OPEN_STATUSES = new Set(['UNVERIFIED', 'IN_REVIEW']);

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dups.add(v);
    seen.add(v);
  }
  return [...dups];
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

// Requiring an explicit offset matters: a bare local time would be read in
// whatever timezone the seeding process happens to run in.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isIsoWithOffset(value: string): boolean {
  return ISO_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
}

describe('Geneva demo story', () => {
  const sourceKeys = new Set(sources.map((s) => s.key));
  const speakerKeys = new Set(speakers.map((s) => s.key));
  const statementKeys = new Set(statements.map((s) => s.key));

  it('has unique keys and slugs', () => {
    expect(duplicates(sources.map((s) => s.key))).toEqual([]);
    expect(duplicates(sources.map((s) => s.slug))).toEqual([]);
    expect(duplicates(speakers.map((s) => s.key))).toEqual([]);
    expect(duplicates(statements.map((s) => s.key))).toEqual([]);
  });

  it('has enough material to be a useful demo', () => {
    expect(statements.length).toBeGreaterThanOrEqual(8);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    const slugs = new Set(sources.map((s) => s.slug));
    for (const slug of ['al-jazeera', 'afp', 'sana']) expect(slugs.has(slug)).toBe(true);
  });

  it('gives sources valid homepages and country codes', () => {
    for (const source of sources) {
      if (source.homepageUrl !== undefined) expect(isHttpsUrl(source.homepageUrl), source.key).toBe(true);
      if (source.country !== undefined) expect(source.country, source.key).toMatch(/^[A-Z]{2}$/);
    }
  });

  it('gives speakers aliases distinct from each other and from the name', () => {
    for (const speaker of speakers) {
      const names = [speaker.name, ...speaker.aliases].map((n) => n.toLowerCase());
      expect(duplicates(names), speaker.key).toEqual([]);
      for (const alias of speaker.aliases) expect(alias.trim(), speaker.key).not.toBe('');
    }
  });

  it('references only existing speakers and sources', () => {
    for (const statement of statements) {
      expect(speakerKeys.has(statement.speaker), `${statement.key} -> ${statement.speaker}`).toBe(true);
      for (const appearance of statement.appearances) {
        expect(sourceKeys.has(appearance.source), `${statement.key} -> ${appearance.source}`).toBe(true);
        if (appearance.carriedFrom !== undefined) {
          expect(sourceKeys.has(appearance.carriedFrom), `${statement.key} carried from ${appearance.carriedFrom}`).toBe(true);
          expect(appearance.carriedFrom, `${statement.key}@${appearance.source} cites itself`).not.toBe(appearance.source);
        }
      }
    }
  });

  it('gives every statement text, a language and at least one appearance', () => {
    for (const statement of statements) {
      expect(statement.text.trim(), statement.key).not.toBe('');
      expect(statement.language, statement.key).toMatch(/^[a-z]{2,3}$/);
      expect(statement.appearances.length, statement.key).toBeGreaterThan(0);
      if (statement.quote !== undefined) expect(statement.quote.trim(), statement.key).not.toBe('');
    }
  });

  it('uses distinct https URLs for the appearances of each statement', () => {
    for (const statement of statements) {
      const urls = statement.appearances.map((a) => a.url);
      expect(duplicates(urls), statement.key).toEqual([]);
      for (const url of urls) expect(isHttpsUrl(url), `${statement.key}: ${url}`).toBe(true);
    }
  });

  it('uses dates that parse and carry an offset', () => {
    const dates: [string, string][] = [];
    for (const statement of statements) {
      if (statement.statedAt !== undefined) dates.push([statement.key, statement.statedAt]);
      for (const appearance of statement.appearances) {
        if (appearance.publishedAt !== undefined) dates.push([`${statement.key}@${appearance.source}`, appearance.publishedAt]);
      }
    }
    expect(dates.length).toBeGreaterThan(0);
    for (const [where, value] of dates) expect(isIsoWithOffset(value), `${where}: ${value}`).toBe(true);
  });

  it('never has an outlet publish a statement before it was made', () => {
    for (const statement of statements) {
      if (statement.statedAt === undefined) continue;
      const stated = Date.parse(statement.statedAt);
      for (const appearance of statement.appearances) {
        if (appearance.publishedAt === undefined) continue;
        expect(Date.parse(appearance.publishedAt), `${statement.key}@${appearance.source}`).toBeGreaterThanOrEqual(stated);
      }
    }
  });

  it('links only existing statements, never to themselves, never twice', () => {
    for (const link of links) {
      expect(statementKeys.has(link.from), `from ${link.from}`).toBe(true);
      expect(statementKeys.has(link.to), `to ${link.to}`).toBe(true);
      expect(link.from, `${link.from} links to itself`).not.toBe(link.to);
    }
    expect(duplicates(links.map((l) => `${l.from}|${l.to}|${l.kind}`))).toEqual([]);
  });

  it('has the foreign ministry denial rebut the State Department accusation', () => {
    const accusation = statements.find((s) => s.speaker === 'us-state-department');
    const denial = statements.find((s) => s.speaker === 'syria-foreign-ministry');
    expect(accusation).toBeDefined();
    expect(denial).toBeDefined();
    const rebuttal = links.find((l) => l.from === denial!.key && l.to === accusation!.key && l.kind === 'REBUTS');
    expect(rebuttal).toBeDefined();
    expect(rebuttal!.note?.trim()).toBeTruthy();
  });

  it('holds several rebuttals, each explained', () => {
    const rebuttals = links.filter((l) => l.kind === 'REBUTS');
    expect(rebuttals.length).toBeGreaterThanOrEqual(3);
    for (const link of links) expect(link.note?.trim(), `${link.from} -> ${link.to}`).toBeTruthy();
  });

  it('gives verdicts existing statements and named reviewers', () => {
    for (const verdict of verdicts) {
      expect(statementKeys.has(verdict.statement), verdict.statement).toBe(true);
      expect(verdict.reviewer.trim(), verdict.statement).not.toBe('');
    }
  });

  it('backs every settled verdict with a rationale and evidence', () => {
    for (const verdict of verdicts) {
      if (OPEN_STATUSES.has(verdict.status)) continue;
      const where = `${verdict.statement} ${verdict.status}`;
      expect(verdict.rationale?.trim(), where).toBeTruthy();
      expect(verdict.evidence.length, where).toBeGreaterThan(0);
      for (const item of verdict.evidence) expect(isHttpsUrl(item.url), `${where}: ${item.url}`).toBe(true);
    }
  });

  it('shows a verdict history on at least one statement', () => {
    const counts = new Map<string, number>();
    for (const verdict of verdicts) counts.set(verdict.statement, (counts.get(verdict.statement) ?? 0) + 1);
    expect(verdicts.length).toBeGreaterThanOrEqual(4);
    expect(counts.size).toBeGreaterThanOrEqual(3);
    expect([...counts.values()].some((n) => n >= 2)).toBe(true);
  });
});
