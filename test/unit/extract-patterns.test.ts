import { describe, expect, it } from 'vitest';
import { accordingTo, participleOnly, passiveDenial, quotedAsSaying, subjectFirst, trailingAttribution } from '../../src/modules/ingest/extract-patterns.js';
import type { Draft } from '../../src/modules/ingest/extract-draft.js';
import { spoken, unitOf } from '../support/extract.js';

/** The speaker as written and the words, of a pattern's draft. */
function read(body: string, draft: Draft | null): { speaker: string; words: string; verb: string; carrier: string | null } | null {
  return draft && { speaker: spoken(draft.speaker), words: body.slice(draft.contentStart, draft.contentEnd), verb: draft.verb.lemma, carrier: draft.carrier };
}

describe('patterns stage: the first statement of a sentence, one pattern at a time', () => {
  it('a trailing attribution: the speaker after the quote, a relative clause describing the speaker, the outlet told carrying it', () => {
    const body = '“Our units hold the bridge,” the officer, who asked not to be named, told AFP.';
    expect(read(body, trailingAttribution(unitOf(body), 0, []))).toMatchObject({ speaker: 'the officer', words: '“Our units hold the bridge,”', verb: 'told', carrier: 'AFP' });
    const inverted = '“The road is open again,” said Colonel Ines Marlow.';
    expect(read(inverted, trailingAttribution(unitOf(inverted), 0, []))?.speaker).toBe('Colonel Ines Marlow');
  });

  it('a subject first: "said that", and a quote after "said on Twitter:"', () => {
    const body = 'The mayor said on Monday that the bridge would reopen.';
    const draft0 = subjectFirst(unitOf(body), 0, []);
    expect(read(body, draft0)).toMatchObject({ speaker: 'The mayor', words: 'the bridge would reopen.' });
    expect(draft0?.dateTokens.map((t) => t.text)).toEqual(['on', 'Monday']);
    const colon = 'The writer said on Twitter: “If the senator wins, I am leaving.”';
    const draft = read(colon, subjectFirst(unitOf(colon), 0, []));
    expect(draft?.speaker).toBe('The writer');
    expect(draft?.words).toContain('If the senator wins');
  });

  it('"according to" before or after the words; a statement from a body is the body\'s', () => {
    const after = 'Four bridges were closed, according to the transport ministry.';
    expect(read(after, accordingTo(unitOf(after), 0, []))).toMatchObject({ speaker: 'the transport ministry', words: 'Four bridges were closed', verb: 'according to' });
    const statement = 'According to a statement from the fire department, the fire was under control.';
    expect(read(statement, accordingTo(unitOf(statement), 0, []))).toMatchObject({ speaker: 'the fire department', words: 'the fire was under control.' });
  });

  it('"quoted as saying": an agency quoting a person carries, the person speaks', () => {
    const body = 'The Tass agency quoted the admiral as saying the fleet would sail.';
    expect(read(body, quotedAsSaying(unitOf(body), 0, []))).toMatchObject({ speaker: 'the admiral', words: 'the fleet would sail.', carrier: 'Tass' });
  });

  it('a participle after the main verb ("issued a statement denying ...") carries the claim', () => {
    const body = 'The mining company issued a statement denying that any workers were hurt.';
    expect(read(body, participleOnly(unitOf(body), 0, []))).toMatchObject({ speaker: 'The mining company', verb: 'denied', words: 'denying that any workers were hurt.' });
  });

  it('a passive denial: the agent denies the subject; an active sentence is not one', () => {
    const body = 'These claims are rejected by the interior ministry.';
    expect(read(body, passiveDenial(unitOf(body), 0))).toMatchObject({ speaker: 'the interior ministry', words: 'These claims', verb: 'rejected' });
    expect(passiveDenial(unitOf('The interior ministry rejected these claims.'), 0)).toBeNull();
  });
});
