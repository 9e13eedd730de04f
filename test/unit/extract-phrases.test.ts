import { describe, expect, it } from 'vitest';
import { isPlausibleSpeaker, modifiersOnly, npAfter, npBefore, subjectBefore } from '../../src/modules/ingest/extract-phrases.js';
import { SAID } from '../../src/modules/ingest/extract-draft.js';
import { attributionVerb } from '../../src/modules/ingest/extract-lexicon.js';
import { indexOf, spoken, unitOf, words } from '../support/extract.js';

describe('phrases stage: noun phrases, speakers and subjects', () => {
  it('the phrase before a verb keeps a role\'s complement ("a spokesman for the Coastal Guard")', () => {
    const tokens = unitOf('A spokesman for the Coastal Guard said the beach was shut.').tokens;
    expect(words(tokens, npBefore(tokens, indexOf(tokens, 'said'), 0))).toBe('A spokesman for the Coastal Guard');
  });

  it('the phrase after "told" ends where a new phrase starts ("told Reuters the talks ...")', () => {
    const tokens = unitOf('The envoy told Reuters the talks had stalled.').tokens;
    expect(words(tokens, npAfter(tokens, indexOf(tokens, 'told') + 1, tokens.length))).toBe('Reuters');
  });

  it('a speaker needs a capitalised name, a person or a body; a pronoun is one alone', () => {
    const tokens = unitOf('The ferry company and he and the weather and Mr Osei.').tokens;
    expect(isPlausibleSpeaker(tokens.slice(0, 3))).toBe(true); // The ferry company
    expect(isPlausibleSpeaker([tokens[indexOf(tokens, 'he')]!])).toBe(true);
    const weather = indexOf(tokens, 'weather');
    expect(isPlausibleSpeaker(tokens.slice(weather - 1, weather + 1))).toBe(false);
  });

  it('the subject skips a relative clause between commas and an opening aside', () => {
    const officer = unitOf('The officer, who asked not to be named, said the bridge still stood.').tokens;
    const subject = subjectBefore(officer, indexOf(officer, 'said'), 0);
    expect(words(officer, subject?.np)).toBe('The officer');
    const speaking = unitOf('Speaking at the port on Monday, the harbour master said ships were waiting.').tokens;
    const second = subjectBefore(speaking, indexOf(speaking, 'said'), 0);
    expect(words(speaking, second?.np)).toBe('the harbour master');
    expect(second?.modifiers.map((m) => words(speaking, m))).toEqual(['Speaking at the port on Monday']);
  });

  it('a comma chain gives the subject and a full name in apposition', () => {
    const tokens = unitOf('The regional governor, Amara Nwosu, said the roads were open.').tokens;
    const subject = subjectBefore(tokens, indexOf(tokens, 'said'), 0);
    expect(words(tokens, subject?.np)).toBe('The regional governor');
    expect(words(tokens, subject?.appositive)).toBe('Amara Nwosu');
  });

  it('after an inverted speaker only asides may follow: a day, an outlet told, not a clause', () => {
    const tokens = unitOf('“We are ready,” said the coach on Sunday, speaking to the Courier newspaper.').tokens;
    const after = indexOf(tokens, 'coach') + 1;
    const rest = modifiersOnly(tokens, after, SAID, []);
    expect(rest?.dates.map((t) => t.text)).toContain('Sunday');
    expect(spoken(rest?.carrier ?? [])).toBe('the Courier newspaper');
    const told = unitOf('“It is over,” the coach told the Courier newspaper, which ran it on Sunday.').tokens;
    const verb = attributionVerb('told')!;
    expect(modifiersOnly(told, indexOf(told, 'told') + 1, verb, [])?.carrier?.map((t) => t.text).join(' ')).toBe('the Courier newspaper');
    // A clause of its own after the phrase: not an inverted speaker.
    const clause = unitOf('“It is over,” said the coach fans booed when the match ended.').tokens;
    expect(modifiersOnly(clause, indexOf(clause, 'coach') + 1, SAID, [])).toBeNull();
  });
});
