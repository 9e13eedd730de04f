import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractStatements, type ExtractedCandidate, type ExtractInput } from '../../src/modules/ingest/extract.js';
import { evaluate, parseLabels, speakersMatch, textOverlap, type ArticleLabels } from '../../src/modules/ingest/evaluate.js';
import { resolveDatePhrase } from '../../src/modules/ingest/nlp.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'articles');

// Published on a Wednesday: "on Monday" is 5 June, "on Tuesday" 6 June.
const PUBLISHED = new Date('2023-06-07T10:00:00Z');

const STORY = [
  'Ostland talks stall',
  '',
  'The Ostland interior ministery on Monday accused the Northern Front of shelling a market in Dovra. The Northern Front denied the ministry\'s accusations, calling them "a cheap invention".',
  '',
  'Ilse van der Berg, the UN special envoy, met rebel leaders on Tuesday. Van der Berg said on Tuesday that both sides had agreed to a prisoner exchange.',
  '',
  "'We are closer than we have ever been,' she said.",
  '',
  "The talks will resume next week, the envoy's office announced after the meeting.",
  '',
  'READ MORE: How the Ostland war began',
  '',
  'Rebel commander Anton Kirov, speaking to AFP news agency, said the exchange would take place within days.',
  '',
  'Kirov told Reuters his fighters would respect the truce.',
  '',
  "The rebels also met the Red Cross, according to Ostland's state news agency ONA.",
  '',
  'Prime Minister Jonas Elm called the truce "fragile", telling a local radio station that he expected violations.',
  '',
  'Elm has dismissed suggestions that the army was preparing an offensive, saying troops were “staying in their barracks”.The army insisted it would hold fire.',
  '',
  "His remarks were welcomed by aid groups, said Al Jazeera's Nadia Farouk, reporting from Dovra.",
  '',
  '"There is a sense of relief here. People are cautiously going back to the market."',
  '',
  'Source: Al Jazeera and news agencies',
  '',
].join('\n');

function extract(body: string, extra: Partial<ExtractInput> = {}): ExtractedCandidate[] {
  return extractStatements({ body, publishedAt: PUBLISHED, language: 'en', ...extra });
}

/** The one candidate whose passage is exactly `passage`, with its offsets checked against the body. */
function at(candidates: ExtractedCandidate[], body: string, passage: string): ExtractedCandidate {
  const start = body.indexOf(passage);
  expect(start, `passage not in body: ${passage}`).toBeGreaterThanOrEqual(0);
  const found = candidates.filter((c) => c.start === start);
  expect(found, `no single candidate at: ${passage}`).toHaveLength(1);
  const c = found[0]!;
  expect(body.slice(c.start, c.end)).toBe(passage);
  return c;
}

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

describe('extractStatements: attribution patterns', () => {
  const candidates = extract(STORY);

  it('finds one candidate per attributed statement, in order, and nothing in headings or footers', () => {
    expect(candidates.map((c) => c.speakerName)).toEqual([
      'Ostland interior ministry',
      'Northern Front',
      'Ilse van der Berg',
      'Ilse van der Berg',
      "envoy's office",
      'Anton Kirov',
      'Anton Kirov',
      'ONA',
      'Jonas Elm',
      'Jonas Elm',
      'army',
      'Nadia Farouk',
      'Nadia Farouk',
    ]);
    for (const c of candidates) {
      expect(c.start).toBeLessThan(c.end);
      expect(STORY.slice(c.start, c.end)).not.toMatch(/READ MORE|Source:|Ostland talks stall/);
    }
  });

  it('"X on Monday accused Y of ...": the verb stays in the text, the weekday is resolved backwards, misspelt institutions are corrected', () => {
    const c = at(candidates, STORY, 'The Ostland interior ministery on Monday accused the Northern Front of shelling a market in Dovra.');
    expect(c).toMatchObject({
      speakerText: 'The Ostland interior ministery',
      speakerName: 'Ostland interior ministry',
      quote: null,
      text: 'accused the Northern Front of shelling a market in Dovra',
      verb: 'accused',
      stance: 'ASSERTS',
      carrier: null,
      statedAt: day('2023-06-05'),
      rebuts: [],
    });
  });

  it('"X denied the ministry\'s accusations": a denial that rebuts the accusation', () => {
    const c = at(candidates, STORY, 'The Northern Front denied the ministry\'s accusations, calling them "a cheap invention".');
    expect(c).toMatchObject({
      speakerName: 'Northern Front',
      verb: 'denied',
      stance: 'DENIES',
      quote: 'a cheap invention',
      text: 'denied the ministry\'s accusations, calling them "a cheap invention"',
      statedAt: null,
    });
    expect(c.rebuts).toEqual([0]);
  });

  it('"X said on Tuesday that ...": a surname with a particle expands to the full name given earlier', () => {
    const c = at(candidates, STORY, 'Van der Berg said on Tuesday that both sides had agreed to a prisoner exchange.');
    expect(c).toMatchObject({
      speakerText: 'Van der Berg',
      speakerName: 'Ilse van der Berg',
      text: 'both sides had agreed to a prisoner exchange',
      quote: null,
      verb: 'said',
      statedAt: day('2023-06-06'),
    });
  });

  it("quote first (\"'...,' she said.\"): straight single quotes, \"she\" resolved to the last woman named", () => {
    const c = at(candidates, STORY, "'We are closer than we have ever been,' she said.");
    expect(c).toMatchObject({
      speakerText: 'she',
      speakerName: 'Ilse van der Berg',
      quote: 'We are closer than we have ever been',
      text: 'We are closer than we have ever been',
      verb: 'said',
    });
  });

  it('"..., X announced after the meeting": content first, attribution last', () => {
    const c = at(candidates, STORY, "The talks will resume next week, the envoy's office announced after the meeting.");
    expect(c).toMatchObject({ speakerText: "the envoy's office", text: 'The talks will resume next week', verb: 'announced', quote: null });
  });

  it('"X, speaking to AFP news agency, said ..." carries AFP; the title is not part of the name', () => {
    const c = at(candidates, STORY, 'Rebel commander Anton Kirov, speaking to AFP news agency, said the exchange would take place within days.');
    expect(c).toMatchObject({
      speakerText: 'Rebel commander Anton Kirov',
      speakerName: 'Anton Kirov',
      carrier: 'AFP',
      text: 'the exchange would take place within days',
      verb: 'said',
    });
  });

  it('"X told Reuters ..." carries Reuters and keeps the recipient out of the words', () => {
    const c = at(candidates, STORY, 'Kirov told Reuters his fighters would respect the truce.');
    expect(c).toMatchObject({ speakerName: 'Anton Kirov', carrier: 'Reuters', verb: 'told', text: 'his fighters would respect the truce' });
  });

  it('"..., according to <state news agency ONA>": the agency speaks and carries', () => {
    const c = at(candidates, STORY, "The rebels also met the Red Cross, according to Ostland's state news agency ONA.");
    expect(c).toMatchObject({
      speakerText: "Ostland's state news agency ONA",
      speakerName: 'ONA',
      carrier: 'ONA',
      verb: 'according to',
      text: 'The rebels also met the Red Cross',
      quote: null,
    });
  });

  it('"X called the truce "fragile", telling a local radio station ...": an unnamed station is no carrier', () => {
    const c = at(candidates, STORY, 'Prime Minister Jonas Elm called the truce "fragile", telling a local radio station that he expected violations.');
    expect(c).toMatchObject({
      speakerName: 'Jonas Elm',
      verb: 'called',
      quote: 'fragile',
      text: 'called the truce "fragile", telling a local radio station that he expected violations',
      carrier: null,
      stance: 'ASSERTS',
    });
  });

  it('"X has dismissed suggestions that ..., saying ...": a denial with its quote, split from a sentence glued on without a space', () => {
    const c = at(candidates, STORY, 'Elm has dismissed suggestions that the army was preparing an offensive, saying troops were “staying in their barracks”.');
    expect(c).toMatchObject({
      speakerName: 'Jonas Elm',
      verb: 'dismissed',
      stance: 'DENIES',
      quote: 'staying in their barracks',
      text: 'dismissed suggestions that the army was preparing an offensive, saying troops were “staying in their barracks”',
      rebuts: [],
    });
    const next = at(candidates, STORY, 'The army insisted it would hold fire.');
    expect(next).toMatchObject({ speakerName: 'army', verb: 'insisted', text: 'it would hold fire' });
  });

  it('"..., said Al Jazeera\'s X, reporting from Y", then a paragraph that is only a quote', () => {
    const c = at(candidates, STORY, "His remarks were welcomed by aid groups, said Al Jazeera's Nadia Farouk, reporting from Dovra.");
    expect(c).toMatchObject({
      speakerText: "Al Jazeera's Nadia Farouk",
      speakerName: 'Nadia Farouk',
      text: 'His remarks were welcomed by aid groups',
      verb: 'said',
      carrier: null,
    });
    const quote = at(candidates, STORY, '"There is a sense of relief here. People are cautiously going back to the market."');
    expect(quote).toMatchObject({
      speakerName: 'Nadia Farouk',
      quote: 'There is a sense of relief here. People are cautiously going back to the market.',
      text: 'There is a sense of relief here. People are cautiously going back to the market.',
    });
  });
});

describe('extractStatements: more patterns', () => {
  it('"“...,” he said." resolves "he" to the last man named before, across paragraphs, and keeps the carrier of the same interview', () => {
    const body = [
      'Tomas Rehak, the mayor, speaking to Reuters on Monday, said the bridge would reopen.',
      '',
      '“We have waited long enough. The city needs it,” he said.',
    ].join('\n');
    const [first, second] = extract(body);
    expect(first).toMatchObject({ speakerName: 'Tomas Rehak', carrier: 'Reuters', statedAt: day('2023-06-05'), text: 'the bridge would reopen' });
    expect(second).toMatchObject({
      speakerText: 'he',
      speakerName: 'Tomas Rehak',
      quote: 'We have waited long enough. The city needs it',
      carrier: 'Reuters',
    });
    expect(body.slice(second!.start, second!.end)).toBe('“We have waited long enough. The city needs it,” he said.');
  });

  it('a line naming the speaker with a colon, then the quote as its own paragraph: one statement', () => {
    const body = ['Maria Duarte, the union leader, said:', '', '“Nobody will go back to work until the contracts are signed.”'].join('\n');
    const candidates = extract(body);
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      speakerName: 'Maria Duarte',
      quote: 'Nobody will go back to work until the contracts are signed.',
      text: 'Nobody will go back to work until the contracts are signed.',
    });
    expect(body.slice(candidates[0]!.start, candidates[0]!.end)).toBe(body);
  });

  it('expands an acronym the article spelled out, and a "categorically rejected" denial rebuts across the article', () => {
    const body = [
      'The Coastal Workers Federation (CWF) said on Tuesday that the port had dumped fuel into the bay.',
      '',
      'The port authority categorically rejected the CWF claims, saying its tanks had been inspected.',
    ].join('\n');
    const [claim, denial] = extract(body);
    expect(claim).toMatchObject({ speakerText: 'The Coastal Workers Federation (CWF)', speakerName: 'Coastal Workers Federation', statedAt: day('2023-06-06') });
    expect(denial).toMatchObject({
      speakerName: 'port authority',
      verb: 'rejected',
      stance: 'DENIES',
      text: 'categorically rejected the CWF claims, saying its tanks had been inspected',
      rebuts: [0],
    });
  });

  it('uses known speakers to expand a surname the article never spells out', () => {
    const body = 'Muallem said the delegation would stay in Geneva.';
    const [c] = extract(body, { knownSpeakers: [{ name: 'Walid al-Muallem', aliases: ['Muallem'] }] });
    expect(c).toMatchObject({ speakerText: 'Muallem', speakerName: 'Walid al-Muallem' });
  });

  it('reads a wire dateline as no part of the statement and "was quoted by X as saying" as carried by X', () => {
    const body = [
      'KESSA, June 7 (Reuters) - The army said on Tuesday it had withdrawn from the border.',
      '',
      'General Ivo Dancz was quoted by the state news agency KNA as saying the withdrawal was complete.',
    ].join('\n');
    const [first, second] = extract(body);
    expect(body.slice(first!.start, first!.end)).toBe('The army said on Tuesday it had withdrawn from the border.');
    expect(first).toMatchObject({ speakerName: 'army', text: 'it had withdrawn from the border', statedAt: day('2023-06-06') });
    expect(second).toMatchObject({ speakerName: 'Ivo Dancz', carrier: 'KNA', verb: 'said', text: 'the withdrawal was complete' });
  });

  it('leaves weekdays unresolved without a publication date', () => {
    const [c] = extractStatements({ body: 'The ministry said on Monday that prices would fall.', publishedAt: null, language: 'en' });
    expect(c).toMatchObject({ speakerName: 'ministry', statedAt: null });
  });

  it('returns nothing for other languages, empty text, or text without attributions', () => {
    expect(extractStatements({ body: 'Le ministre a déclaré mardi que les prix allaient baisser.', publishedAt: PUBLISHED, language: 'fr' })).toEqual([]);
    expect(extractStatements({ body: 'The minister said prices would fall.', publishedAt: PUBLISHED, language: 'fr-FR' })).toEqual([]);
    expect(extract('')).toEqual([]);
    expect(extract('Heavy rain fell on the capital on Monday.\n\nThe river burst its banks.')).toEqual([]);
    expect(extract('He said nothing when asked about the deal.')).toEqual([]);
    expect(extract('The White House did not deny the report.')).toEqual([]);
  });

  it('accepts English with a region subtag and Windows line endings', () => {
    const body = 'Heading\r\n\r\nThe council said the school would close.\r\n';
    const [c] = extractStatements({ body, publishedAt: PUBLISHED, language: 'en-GB' });
    expect(c).toMatchObject({ speakerName: 'council', text: 'the school would close' });
    expect(body.slice(c!.start, c!.end)).toBe('The council said the school would close.');
  });
});

describe('resolveDatePhrase', () => {
  it('reads weekdays backwards from publication, and absolute dates as written', () => {
    expect(resolveDatePhrase('on Wednesday', PUBLISHED)).toEqual(day('2023-06-07'));
    expect(resolveDatePhrase('on Thursday', PUBLISHED)).toEqual(day('2023-06-01'));
    expect(resolveDatePhrase('yesterday', PUBLISHED)).toEqual(day('2023-06-06'));
    expect(resolveDatePhrase('on May 4', PUBLISHED)).toEqual(day('2023-05-04'));
    expect(resolveDatePhrase('on 3 December', PUBLISHED)).toEqual(day('2022-12-03'));
    expect(resolveDatePhrase('last week', PUBLISHED)).toBeNull();
  });
});

describe('evaluate', () => {
  it('matches speakers despite case, possessives, hyphens, "al-", surnames, typos and acronyms', () => {
    expect(speakersMatch("Syria's foreign ministry", 'Syria’s foreign ministery')).toBe(true);
    expect(speakersMatch('Salem al-Muslet', 'salem muslet')).toBe(true);
    expect(speakersMatch('Muslet', 'Salem al-Muslet')).toBe(true);
    expect(speakersMatch('De Mistura', 'Staffan de Mistura')).toBe(true);
    expect(speakersMatch('HNC', 'High Negotiations Committee')).toBe(true);
    expect(speakersMatch('Syrian government negotiator', 'Syrian government negotiar')).toBe(true);
    expect(speakersMatch('Muslet', 'Jamjoom')).toBe(false);
    expect(speakersMatch('Ilse Berg', 'Ilse Borg')).toBe(false);
  });

  it('matches text by containment after normalising quotes and case, or by word overlap', () => {
    expect(textOverlap('called the process null', 'called the process “null”, telling a station')).toBe(1);
    expect(textOverlap('the fresh accusations demanded a response', 'the new accusations demanded a response')).toBeCloseTo(5 / 6);
    expect(textOverlap('completely different words', 'the fresh accusations')).toBe(0);
  });

  it('matches one to one and scores rebuttals through the matching', () => {
    const labels: ArticleLabels = {
      publishedAt: null,
      statements: [
        { id: 'a', speaker: 'Kirov', text: 'the truce holds' },
        { id: 'b', speaker: 'Kirov', text: 'the truce holds' },
        { id: 'c', speaker: 'ministry', text: 'denied that' },
      ],
      rebuts: [['c', 'a']],
    };
    const base = { speakerText: '', quote: null, verb: 'said', carrier: null, statedAt: null };
    const result = evaluate(
      [
        { ...base, speakerName: 'Anton Kirov', text: 'He said the truce holds.', rebuts: [] },
        { ...base, speakerName: 'ministry', text: 'denied that the truce holds', rebuts: [0] },
        { ...base, speakerName: 'Someone Else', text: 'something', rebuts: [] },
      ],
      labels,
    );
    expect(result.statements).toMatchObject({ matched: 2, candidates: 3, labels: 3 });
    expect(result.statements.precision).toBeCloseTo(2 / 3);
    expect(result.statements.recall).toBeCloseTo(2 / 3);
    expect(result.falsePositives).toEqual([2]);
    expect(result.misses.map((m) => m.id)).toEqual(['b']);
    expect(result.rebuts).toMatchObject({ precision: 1, recall: 1, correct: 1 });
  });
});

describe('fixtures', () => {
  const names = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -'.txt'.length));

  it('has at least three labelled articles of its own', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of names) {
    it(`${name}: statement precision and recall at least 0.85, every labelled denial linked to what it rebuts`, () => {
      const body = readFileSync(path.join(FIXTURES, `${name}.txt`), 'utf8');
      const labels = parseLabels(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.labels.json`), 'utf8')), name);
      const candidates = extractStatements({
        body,
        publishedAt: labels.publishedAt ? new Date(labels.publishedAt) : null,
        language: labels.language ?? 'en',
        ...(labels.publisher ? { publisher: { name: labels.publisher } } : {}),
      });
      const result = evaluate(candidates, labels);
      const misses = result.misses.map((m) => m.id);
      const extra = result.falsePositives.map((i) => `${candidates[i]!.speakerName}: ${candidates[i]!.text}`);
      expect(result.statements.recall, `missed: ${misses.join(', ')}`).toBeGreaterThanOrEqual(0.85);
      expect(result.statements.precision, `false positives: ${extra.join(' | ')}`).toBeGreaterThanOrEqual(0.85);
      expect(result.rebutMisses).toEqual([]);
      expect(labels.rebuts.length).toBeGreaterThan(0);
      for (const c of candidates) {
        expect(body.slice(c.start, c.end).length).toBeGreaterThan(0);
        for (const i of c.rebuts) expect(candidates[i]).toBeDefined();
      }
    });
  }
});
