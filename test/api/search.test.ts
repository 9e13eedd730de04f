import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpeaker, createStatement, setVerdict, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { searchPlan } from '../../src/modules/search/search.plan.js';

let api: TestServer;
beforeAll(async () => {
  api = await startTestServer();
});
afterAll(() => api.close());

const SEARCH = `query($filter: StatementFilter!, $orderBy: StatementOrder) {
  statements(filter: $filter, first: 100, orderBy: $orderBy) { totalCount edges { node { id } } }
}`;

/** IDs of the statements matching `filter`, newest first (or in `orderBy`); checks totalCount agrees. */
async function search(filter: Record<string, unknown>, orderBy = 'NEWEST'): Promise<string[]> {
  const data = await api.ok(SEARCH, { filter, orderBy });
  const ids = data.statements.edges.map((e: { node: { id: string } }) => e.node.id);
  expect(data.statements.totalCount).toBe(ids.length);
  return ids;
}

describe('statements(filter: { search })', () => {
  it('finds a made-up word in the text, whoever said it', async () => {
    const word = token();
    const s = await createStatement(api, { text: `The convoy reached ${word} at dawn.` });
    await createStatement(api, { text: `The convoy reached somewhere else at dawn.` });
    expect(await search({ search: word })).toEqual([s.id]);
    // Case does not matter.
    expect(await search({ search: word.toUpperCase() })).toEqual([s.id]);
  });

  it('finds a word that is only in the quote', async () => {
    const word = token();
    const s = await createStatement(api, { text: 'A paraphrase without the word.', quote: `We never went to ${word}.` });
    expect(await search({ search: word })).toEqual([s.id]);
  });

  it('matches any word of the query, and ranks statements holding more of them first', async () => {
    const [a, b] = [token(), token()];
    const both = await createStatement(api, { text: `First ${a}.`, quote: `Then ${b}.` });
    const one = await createStatement(api, { text: `Only ${a} here.` });
    expect(await search({ search: `${b} ${a}` }, 'RELEVANCE')).toEqual([both.id, one.id]);
    // The default order when searching.
    const data = await api.ok(`query($s: String!) { statements(filter: { search: $s }) { edges { node { id } } } }`, { s: `${a} ${b}` });
    expect(data.statements.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([both.id, one.id]);
  });

  it('stems English words: "denied" finds "denies" and "deny"', async () => {
    const speaker = await createSpeaker(api);
    const denies = await createStatement(api, { speakerId: speaker.id, text: 'The ministry denies any shelling of the district.' });
    const deny = await createStatement(api, { speakerId: speaker.id, text: 'We deny that the convoy was stopped.' });
    await createStatement(api, { speakerId: speaker.id, text: 'The ministry confirms the shelling of the district.' });
    expect(await search({ speakerId: speaker.id, search: 'denied' })).toEqual([deny.id, denies.id]);
    expect(await search({ speakerId: speaker.id, search: 'denying' })).toEqual([deny.id, denies.id]);
  });

  it('ranks the statement sharing the rarer word first', async () => {
    const speaker = await createSpeaker(api);
    const rare = token();
    const denies = await createStatement(api, { speakerId: speaker.id, text: `The ministry denies any shelling of ${rare}.` });
    const confirms = await createStatement(api, { speakerId: speaker.id, text: 'The ministry confirms the shelling of the district.' });
    expect(await search({ speakerId: speaker.id, search: `shelling ${rare}` }, 'RELEVANCE')).toEqual([denies.id, confirms.id]);
    expect(await search({ speakerId: speaker.id, search: 'denying shelling' }, 'RELEVANCE')).toEqual([denies.id, confirms.id]);
  });

  describe('web-search syntax', () => {
    it('"exact phrase" needs the words together and in order', async () => {
      const [a, b] = [token(), token()];
      const speaker = await createSpeaker(api);
      const inOrder = await createStatement(api, { speakerId: speaker.id, text: `They met ${a} ${b} in Geneva.` });
      const reversed = await createStatement(api, { speakerId: speaker.id, text: `They met ${b} ${a} in Geneva.` });
      const apart = await createStatement(api, { speakerId: speaker.id, text: `They met ${a} and later ${b} in Geneva.` });
      expect(await search({ speakerId: speaker.id, search: `${a} ${b}` })).toEqual([apart.id, reversed.id, inOrder.id]);
      expect(await search({ speakerId: speaker.id, search: `"${a} ${b}"` })).toEqual([inOrder.id]);
    });

    it('-word excludes statements containing it', async () => {
      const [a, b] = [token(), token()];
      const speaker = await createSpeaker(api);
      const with_ = await createStatement(api, { speakerId: speaker.id, text: `Talks on ${a} and ${b} resumed.` });
      const without = await createStatement(api, { speakerId: speaker.id, text: `Talks on ${a} resumed.` });
      expect(await search({ speakerId: speaker.id, search: a })).toEqual([without.id, with_.id]);
      expect(await search({ speakerId: speaker.id, search: `${a} -${b}` })).toEqual([without.id]);
    });

    it('-word also excludes a word found only in the quote', async () => {
      const [a, b] = [token(), token()];
      const speaker = await createSpeaker(api);
      await createStatement(api, { speakerId: speaker.id, text: `Talks on ${a} resumed.`, quote: `Nothing about ${b}.` });
      const without = await createStatement(api, { speakerId: speaker.id, text: `Talks on ${a} resumed.` });
      expect(await search({ speakerId: speaker.id, search: `${a} -${b}` })).toEqual([without.id]);
    });

    it('many phrases and exclusions at once all hold, blank ones are no condition, and past the bound the search is refused', async () => {
      const words = Array.from({ length: 12 }, () => token());
      const speaker = await createSpeaker(api);
      const all = await createStatement(api, { speakerId: speaker.id, text: `Talks on ${words.join(' ')} resumed.` });
      await createStatement(api, { speakerId: speaker.id, text: `Talks on ${words.slice(0, 11).join(' ')} resumed.` });
      const pairs = Array.from({ length: 11 }, (_, i) => `"${words[i]} ${words[i + 1]}"`).join(' ');
      expect(await search({ speakerId: speaker.id, search: `${pairs} "" "--" -"" -word${token()}` })).toEqual([all.id]);
      // Forty blank phrases ask nothing of the index and match nothing.
      expect(await search({ speakerId: speaker.id, search: '"'.repeat(80) })).toEqual([]);
      const tooMany = Array.from({ length: 33 }, (_, i) => `"${words[i % 12]}"`).join(' ');
      const error = await api.fails(SEARCH, { filter: { speakerId: speaker.id, search: tooMany } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
      expect(error.message).toMatch(/33 operators .* at most 32/);
    });

    it('"or" matches either word', async () => {
      const [a, b, c] = [token(), token(), token()];
      const speaker = await createSpeaker(api);
      const first = await createStatement(api, { speakerId: speaker.id, text: `Aid reached ${a}.` });
      const second = await createStatement(api, { speakerId: speaker.id, text: `Aid reached ${b}.` });
      await createStatement(api, { speakerId: speaker.id, text: `Aid reached ${c}.` });
      expect(await search({ speakerId: speaker.id, search: `${a} or ${b}` })).toEqual([second.id, first.id]);
      // Alternatives keep their own conditions: (a, not b) or c.
      const both = await createStatement(api, { speakerId: speaker.id, text: `Aid reached ${a} and ${b}.` });
      expect(await search({ speakerId: speaker.id, search: `${a} -${b} or ${c}` })).not.toContain(both.id);
      expect(await search({ speakerId: speaker.id, search: `-${b}` })).not.toContain(both.id);
      expect(await search({ speakerId: speaker.id, search: `-${b}` })).toContain(first.id);
    });
  });

  describe('misspellings', () => {
    it('a misspelled query ("Damscus") finds the right spelling', async () => {
      const speaker = await createSpeaker(api);
      const s = await createStatement(api, { speakerId: speaker.id, text: 'Government forces retook the suburbs of Damascus.' });
      await createStatement(api, { speakerId: speaker.id, text: 'Rebels held the northern countryside.' });
      expect(await search({ speakerId: speaker.id, search: 'Damscus' })).toEqual([s.id]);
    });

    it('the right spelling ("Damascus") finds a misspelled text', async () => {
      const speaker = await createSpeaker(api);
      const s = await createStatement(api, { speakerId: speaker.id, text: 'Shelling was reported near Damscus overnight.' });
      expect(await search({ speakerId: speaker.id, search: 'Damascus' })).toEqual([s.id]);
    });

    it('a made-up word with one letter changed still finds it', async () => {
      const word = token();
      const s = await createStatement(api, { text: `A village called ${word} was evacuated.` });
      const typo = word.slice(0, 4) + (word[4] === 'q' ? 'z' : 'q') + word.slice(5);
      expect(await search({ search: typo })).toEqual([s.id]);
    });

    it('a word that arrives with an edit is found misspelled too', async () => {
      const word = token();
      const s = await createStatement(api, { text: 'A village was evacuated.' });
      await api.ok(`mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { version } }`, {
        input: { id: s.id, expectedVersion: 1, text: `A village called ${word} was evacuated.` },
      });
      const typo = word.slice(0, 4) + (word[4] === 'q' ? 'z' : 'q') + word.slice(5);
      expect(await search({ search: typo })).toEqual([s.id]);
    });

    it('reads the relevance index by word, never every statement, misspellings included', async () => {
      const word = token();
      await createStatement(api, { text: `Shelling was reported near ${word} overnight.` });
      const phrase = `${word.slice(0, 4)}q${word.slice(5)} shelling`;
      const { ranked, matches } = searchPlan(phrase);
      // The ranking runs in search_rank: its plans are in the function; what matters is that the
      // words are looked up (index scans) and no table is read whole.
      const plans = await api.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
        const condition = await tx.$queryRaw<Record<string, string>[]>(Prisma.sql`EXPLAIN SELECT s.id FROM statement s WHERE ${matches}`);
        const found = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM (${ranked}) r`);
        return { condition, found };
      });
      const text = plans.condition.map((row) => Object.values(row)[0]).join('\n');
      expect(text).toContain('search_posting');
      expect(text).not.toMatch(/Seq Scan on (search_posting|statement)\b/);
      expect(plans.found.length).toBeGreaterThan(0);
    });

    it('unrelated words do not match', async () => {
      const speaker = await createSpeaker(api);
      await createStatement(api, { speakerId: speaker.id, text: 'Government forces retook the suburbs of Damascus.' });
      expect(await search({ speakerId: speaker.id, search: 'chlorine inspectors' })).toEqual([]);
      expect(await search({ speakerId: speaker.id, search: token() })).toEqual([]);
    });
  });

  describe('combined with other filters', () => {
    it('narrows by status and language too', async () => {
      const word = token();
      const speaker = await createSpeaker(api);
      const english = await createStatement(api, { speakerId: speaker.id, text: `Report on ${word}.` });
      const french = await createStatement(api, { speakerId: speaker.id, text: `Rapport sur ${word}.`, language: 'fr' });
      const checked = await createStatement(api, { speakerId: speaker.id, text: `Checked claim on ${word}.` });
      await createStatement(api, { speakerId: speaker.id, text: 'Nothing to see.', language: 'fr' });
      await setVerdict(api, checked.id, 1, { status: 'FALSE' });

      expect(await search({ search: word })).toEqual([checked.id, french.id, english.id]);
      expect(await search({ search: word, language: 'fr' })).toEqual([french.id]);
      expect(await search({ search: word, status: ['FALSE'] })).toEqual([checked.id]);
      expect(await search({ search: word, status: ['UNVERIFIED'], language: 'en' })).toEqual([english.id]);
      expect(await search({ search: word, status: ['FALSE'], language: 'fr' })).toEqual([]);
    });
  });

  describe('input checks', () => {
    it.each(['', '   ', '\n\t'])('refuses a blank search %j on filter.search', async (value) => {
      const error = await api.fails(SEARCH, { filter: { search: value } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    });

    it('accepts a pasted post of 5,000 characters and refuses 5,001', async () => {
      const speaker = await createSpeaker(api);
      const word = token();
      const s = await createStatement(api, { speakerId: speaker.id, text: `The ${word} dam burst last night.` });
      const post = `Breaking: the ${word} dam has burst https://t.co/abc #DamBurst — Someone (@someone) May 1, 2021 `;
      expect(await search({ speakerId: speaker.id, search: post.padEnd(5000, ' x') })).toEqual([s.id]);
      const error = await api.fails(SEARCH, { filter: { speakerId: speaker.id, search: 'a'.repeat(5001) } });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    });

    it.each(["'; DROP TABLE statement; --", '%', '_', '\\', '%%%%', '\\%_', '"', '-', 'or', '!(&|:*)', "a' OR '1'='1"])(
      'treats %j as text, never as SQL or an error',
      async (value) => {
        const speaker = await createSpeaker(api);
        const s = await createStatement(api, { speakerId: speaker.id, text: 'Government forces retook the suburbs.' });
        expect(await search({ speakerId: speaker.id, search: value })).toEqual([]);
        // Still there.
        expect(await search({ speakerId: speaker.id })).toEqual([s.id]);
      },
    );

    it('finds text that contains the characters searched for', async () => {
      const word = token();
      const s = await createStatement(api, { text: `Inflation in ${word} reached 100% (officially).` });
      // Other statements hold "100" too; the one holding both words ranks first.
      expect((await search({ search: `${word} 100%` }, 'RELEVANCE'))[0]).toBe(s.id);
    });
  });
});

describe('speakers(search)', () => {
  const SPEAKERS = `query($search: String!) {
    speakers(search: $search, first: 100) { totalCount edges { node { id name aliases } } }
  }`;

  async function speakers(searchText: string) {
    const data = await api.ok(SPEAKERS, { search: searchText });
    return data.speakers.edges.map((e: { node: { id: string; name: string; aliases: string[] } }) => e.node) as {
      id: string;
      name: string;
      aliases: string[];
    }[];
  }

  const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);

  it('finds a speaker by part of the name, by alias, ignoring case', async () => {
    const tok = token();
    const envoy = await createSpeaker(api, { name: `Staffan ${tok}`, aliases: [`Envoy ${tok}`, 'Special Envoy'] });
    expect(ids(await speakers(tok))).toEqual([envoy.id]);
    expect(ids(await speakers(`staffan ${tok.toUpperCase()}`))).toEqual([envoy.id]);
    expect(ids(await speakers(tok.slice(2, 7)))).toContain(envoy.id);
    expect(ids(await speakers(`Envoy ${tok}`))).toEqual([envoy.id]);
    expect(ids(await speakers(`eNVOY ${tok}`))).toEqual([envoy.id]);
  });

  it('tolerates a misspelled name or alias', async () => {
    const tok = token();
    const envoy = await createSpeaker(api, { name: `Staffan ${tok}`, aliases: [`Envoy ${tok}`] });
    const changed = tok.slice(0, 4) + (tok[4] === 'x' ? 'z' : 'x') + tok.slice(5);
    const swapped = tok.slice(0, 3) + tok[4] + tok[3] + tok.slice(5);
    expect(ids(await speakers(`Staffan ${changed}`))).toContain(envoy.id);
    expect(ids(await speakers(`Staffan ${swapped}`))).toContain(envoy.id);
    expect(ids(await speakers(`Envoy ${changed}`))).toContain(envoy.id);
  });

  it('finds "Staffan de Mistura" from "de Mistrua" and from "Mistrua"', async () => {
    const envoy = await createSpeaker(api, { name: `Staffan de Mistura ${token()}` });
    expect(ids(await speakers('de Mistrua'))).toContain(envoy.id);
    expect(ids(await speakers('Mistura'))).toContain(envoy.id);
    expect(ids(await speakers('Mistrua'))).toContain(envoy.id);
  });

  it('does not match unrelated names', async () => {
    const tok = token();
    await createSpeaker(api, { name: `Staffan ${tok}` });
    expect(await speakers(`${token()}${token()}`)).toEqual([]);
  });

  it('treats % and _ as literal characters', async () => {
    const tok = token();
    const percent = await createSpeaker(api, { name: `Pollster 100% ${tok}` });
    const underscore = await createSpeaker(api, { name: `Handle_${tok}` });
    const plain = await createSpeaker(api, { name: `Plain ${tok}` });
    const backslash = await createSpeaker(api, { name: `Back\\slash ${tok}` });

    const byPercent = await speakers('%');
    expect(ids(byPercent)).toContain(percent.id);
    expect(ids(byPercent)).not.toContain(plain.id);
    expect(ids(byPercent)).not.toContain(underscore.id);
    for (const s of byPercent) expect([s.name, ...s.aliases].some((n) => n.includes('%'))).toBe(true);

    const byUnderscore = await speakers('_');
    expect(ids(byUnderscore)).toContain(underscore.id);
    expect(ids(byUnderscore)).not.toContain(plain.id);
    expect(ids(byUnderscore)).not.toContain(percent.id);
    for (const s of byUnderscore) expect([s.name, ...s.aliases].some((n) => n.includes('_'))).toBe(true);

    expect(ids(await speakers(`Handle_${tok}`))).toEqual([underscore.id]);
    const byBackslash = await speakers('\\');
    expect(ids(byBackslash)).toContain(backslash.id);
    expect(ids(byBackslash)).not.toContain(plain.id);
    for (const s of byBackslash) expect([s.name, ...s.aliases].some((n) => n.includes('\\'))).toBe(true);
  });

  it('refuses a blank search', async () => {
    const error = await api.fails(SPEAKERS, { search: '  ' });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });
});
