import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Look-alike speaker names: the same name with an invisible character, a
 * different space, a letter from another script or a direction override
 * must not become a second speaker that readers cannot tell apart.
 */
let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reported.length = 0;
});

const CREATE = `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id name aliases title affiliation } }`;
const create = (input: Record<string, unknown>) => api.gql(CREATE, { input: { kind: 'PERSON', ...input } });

/** A name no other test uses, written in Latin letters that have Cyrillic twins (a, e, o, p, c, x, y). */
function uniqueName(): string {
  return `Bashar al-Jaafari ${token()}`;
}

describe('createSpeaker and look-alike names', () => {
  const variants: [string, (name: string) => string, string][] = [
    ['a zero-width space', (n) => n.replace('Bashar ', 'Bashar\u200B '), 'BAD_USER_INPUT'],
    ['a byte-order mark', (n) => n.replace('al-', 'al-\uFEFF'), 'BAD_USER_INPUT'],
    ['a no-break space', (n) => n.replace('Bashar ', 'Bashar\u00A0'), 'CONFLICT'],
    ['a Cyrillic а', (n) => n.replace('Jaafari', 'J\u0430afari'), 'BAD_USER_INPUT'],
    ['a right-to-left override', (n) => `\u202E${n}`, 'BAD_USER_INPUT'],
    ['U+0085 NEXT LINE', (n) => n.replace('Bashar ', 'Bashar\u0085'), 'CONFLICT'],
    ['an ideographic space', (n) => n.replace('Bashar ', 'Bashar\u3000'), 'CONFLICT'],
    ['other case', (n) => n.toUpperCase(), 'CONFLICT'],
    ['an accent', (n) => n.replace('Bashar', 'Bashâr'), 'CONFLICT'],
    ['decomposed (NFD) letters', (n) => n.replace('Bashar', 'Basha\u0301r'), 'CONFLICT'],
    ['full-width letters', (n) => n.replace('Bashar', 'Ｂａｓｈａｒ'), 'CONFLICT'],
    ['a soft hyphen', (n) => n.replace('Jaafari', 'Jaa\u00ADfari'), 'BAD_USER_INPUT'],
    ['a left-to-right mark', (n) => `${n}\u200E`, 'BAD_USER_INPUT'],
    ['a first-strong isolate', (n) => `\u2068${n}\u2069`, 'BAD_USER_INPUT'],
  ];

  it.each(variants)('refuses the name with %s', async (_, forge, code) => {
    const original = uniqueName();
    const first = await create({ name: original });
    expect(first.errors).toBeUndefined();
    const existingId = first.data!.createSpeaker.id;

    const forged = await create({ name: forge(original) });
    expect(forged.errors, JSON.stringify(forged)).toHaveLength(1);
    const error = forged.errors![0]!;
    expect(error.extensions).toMatchObject({ code, field: 'input.name' });
    if (code === 'CONFLICT') {
      expect(error.extensions).toMatchObject({ existingSpeakerId: existingId, existingName: original });
      expect(error.message).toContain(existingId);
    } else {
      expect(error.message).toMatch(/U\+[0-9A-F]{4}|mixes Latin and Cyrillic/);
    }
    expect(api.reported).toEqual([]);
  });

  it('names the offending code point and its position', async () => {
    const forged = await create({ name: 'Bashar\u200Bal-Jaafari' });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name', codePoint: 'U+200B', position: 6 });
    expect(forged.errors![0]!.message).toContain('U+200B');
  });

  it('the same name twice is a CONFLICT too, unless allowSimilarName', async () => {
    const name = uniqueName();
    expect((await create({ name })).errors).toBeUndefined();
    const again = await create({ name });
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const namesake = await create({ name, allowSimilarName: true });
    expect(namesake.errors).toBeUndefined();
    expect(namesake.data!.createSpeaker.name).toBe(name);
  });

  it('allowSimilarName lets a namesake with other accents through, but never an invisible character', async () => {
    const name = uniqueName();
    await create({ name });
    const accented = await create({ name: name.replace('Bashar', 'Bashâr'), allowSimilarName: true });
    expect(accented.errors).toBeUndefined();
    const invisible = await create({ name: name.replace('Bashar ', 'Bashar\u200B '), allowSimilarName: true });
    expect(invisible.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a word mixing Latin and Cyrillic letters even when no speaker looks like it', async () => {
    const forged = await create({ name: `Vlаdimir ${token()}` });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name', scripts: ['Latin', 'Cyrillic'] });
    // Whole words in either script are fine, side by side too.
    expect((await create({ name: `Владимир Putin ${token()}` })).errors).toBeUndefined();
  });

  it('refuses a Cyrillic name that looks like an existing Latin one', async () => {
    const t = token();
    await create({ name: `Sergei Lavrov ${t}` });
    // "Ѕеrgеі" is all Cyrillic, so no word mixes scripts: the skeleton catches it.
    const forged = await create({ name: `\u0405\u0435rg\u0435\u0456 Lavrov ${t}`.replace('rg', '\u0440g') });
    expect(forged.errors![0]!.extensions?.code).toMatch(/CONFLICT|BAD_USER_INPUT/);
    const allCyrillic = await create({ name: `\u0410\u0412\u0415 ${t}` });
    expect(allCyrillic.errors).toBeUndefined();
    const latinTwin = await create({ name: `ABE ${t}` });
    expect(latinTwin.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', existingName: `\u0410\u0412\u0415 ${t}` });
  });

  it('stores the name in NFC with its whitespace folded', async () => {
    const t = token();
    const created = await create({ name: `  Serguei\u0308\u00A0\u00A0Lavrov\t${t} `, title: 'Foreign\u3000Minister', aliases: ['Lavrov\u2003S.'] });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createSpeaker).toMatchObject({ name: `Sergueï Lavrov ${t}`, title: 'Foreign Minister', aliases: ['Lavrov S.'] });
  });

  it.each([
    ['a French name with a diaeresis', 'Sergueï Lavrov'],
    ['a Turkish name', 'Recep Tayyip Erdoğan'],
    ['an Arabic name', 'بشار الجعفري'],
    ['a Persian name with a zero-width non-joiner', 'محمدجواد ظریف‌زاده'],
    ['a Hindi name with a zero-width joiner', 'क्‍ष राव'],
    ['a Vietnamese name', 'Nguyễn Thị Bình'],
    ['a Greek name', 'Κυριάκος Μητσοτάκης'],
    ['a Japanese name', '岸田 文雄'],
    ['an apostrophe and hyphen', "Sinéad O'Brien-Ní Dhuibhir"],
  ])('accepts %s', async (_, base) => {
    const name = `${base} ${token()}`;
    const created = await create({ name });
    expect(created.errors, JSON.stringify(created)).toBeUndefined();
    expect(created.data!.createSpeaker.name).toBe(name);
  });

  it.each([
    ['at the start of a word', '\u200Cمحمد'],
    ['between Latin letters', 'Mo\u200Chammad'],
    ['next to a space', 'محمد \u200Dظریف'],
  ])('refuses a zero-width joiner or non-joiner %s', async (_, base) => {
    const forged = await create({ name: `${base} ${token()}` });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(forged.errors![0]!.message).toMatch(/U\+200[CD]/);
  });

  it.each([
    ['aliases', { aliases: ['Bashar\u200Bal-Jaafari'] }, 'input.aliases[0]'],
    ['title', { title: 'Permanent\u202ERepresentative' }, 'input.title'],
    ['affiliation', { affiliation: '\uFEFFSyrian government' }, 'input.affiliation'],
  ])('refuses invisible characters in %s', async (_, extra, field) => {
    const forged = await create({ name: uniqueName(), ...extra });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses a name drowned in combining marks', async () => {
    const forged = await create({ name: `Z\u0334\u0321\u0322\u0335\u0336\u0337algo ${token()}` });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
  });
});

describe('createSource names', () => {
  const CREATE_SOURCE = `mutation($input: CreateSourceInput!) { createSource(input: $input) { id name } }`;

  it('refuses invisible characters and folds whitespace', async () => {
    const forged = await api.gql(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Al\u200BJazeera', kind: 'ONLINE' } });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name', codePoint: 'U+200B' });
    const folded = await api.ok(CREATE_SOURCE, { input: { slug: `s-${token()}`, name: 'Al\u00A0Jazeera\u3000English', kind: 'ONLINE' } });
    expect(folded.createSource.name).toBe('Al Jazeera English');
  });
});

describe('speakers written before skeletons were stored', () => {
  it('are found as look-alikes once filled in', async () => {
    const name = uniqueName();
    const created = await create({ name });
    expect(created.errors).toBeUndefined();
    await api.db.$executeRaw`UPDATE speaker SET name_skeleton = NULL WHERE name = ${name}`;
    const forged = await create({ name: name.toLowerCase() });
    expect(forged.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', existingSpeakerId: created.data!.createSpeaker.id });
  });
});
