import { describe, expect, it } from 'vitest';
import { attributionVerb } from '../../src/modules/ingest/extract-lexicon.js';
import { stanceOf, wordsOf } from '../../src/modules/ingest/extract-words.js';
import { analyse } from '../../src/modules/ingest/nlp.js';

const SAID = attributionVerb('said')!;

describe('words stage: text, quote, stance and day of a statement', () => {
  it('a whole quotation gives its inside as the text and the quote', () => {
    const body = '“The bridge is closed,” the mayor said.';
    const { quotes } = analyse(body);
    const end = body.indexOf('” the');
    expect(wordsOf(body, quotes, { contentStart: 0, contentEnd: end + 1, extra: null })).toEqual({ text: 'The bridge is closed', quote: 'The bridge is closed' });
  });

  it('a reported clause keeps its partial quote, and a second quote after the attribution joins the quote', () => {
    const body = 'She said the plan was “dead”, adding: “We start again.”';
    const { quotes } = analyse(body);
    const start = body.indexOf('the plan');
    const extraStart = body.lastIndexOf('“');
    const words = wordsOf(body, quotes, { contentStart: start, contentEnd: body.indexOf(', adding'), extra: [extraStart, body.length] });
    expect(words.text).toBe('the plan was “dead”');
    expect(words.quote).toBe('dead We start again.');
  });

  it('the inner words of a quoted report end before its closing quote', () => {
    const body = '“The spokesman denied the report,” the agency said.';
    const { quotes } = analyse(body);
    expect(wordsOf(body, quotes, { contentStart: 1, contentEnd: body.indexOf(' the agency'), extra: null }).text).toBe('The spokesman denied the report');
  });

  it('a denial verb, a word for untruth, or a quotation in which the speaker denies make a denial; a plain claim asserts', () => {
    expect(stanceOf(attributionVerb('denied')!, 'any wrongdoing')).toBe('DENIES');
    expect(stanceOf(SAID, 'the allegations were baseless')).toBe('DENIES');
    expect(stanceOf(SAID, 'Vanta strongly denies all allegations of fraud')).toBe('DENIES');
    expect(stanceOf(SAID, 'the talks would resume on Friday')).toBe('ASSERTS');
  });
});
