import { describe, expect, it } from 'vitest';
import { extractStatements, type ExtractedCandidate } from '../../src/modules/ingest/extract.js';

const PUBLISHED = new Date('2025-03-12T12:00:00Z'); // a Wednesday

function read(body: string): ExtractedCandidate[] {
  return extractStatements({ body, publishedAt: PUBLISHED, language: 'en' });
}

function listed(candidates: ExtractedCandidate[]): string {
  return candidates.map((c) => `${c.speakerName}: ${c.text}`).join(' | ');
}

function at(candidates: ExtractedCandidate[], words: string): ExtractedCandidate {
  const found = candidates.filter((c) => c.text.includes(words));
  expect(found, `one candidate with "${words}" among: ${listed(candidates)}`).toHaveLength(1);
  return found[0]!;
}

describe('wire attribution rules', () => {
  it('a sentence after a quote that ends in a full stop is read on its own ("...closed.” She says ...")', () => {
    const c = read('Ines Porto, the mayor, says in a post, “In town, the bridge is closed to traffic.” She says crews “are working” through the night and adds, “We will reopen it by Friday.”');
    expect(at(c, 'the bridge is closed to traffic').speakerName).toBe('Ines Porto');
    expect(at(c, 'through the night').speakerName).toBe('Ines Porto');
    expect(at(c, 'We will reopen it by Friday').speakerName).toBe('Ines Porto');
  });

  it('a quotation with no verb after a sentence about a named person is that person\'s', () => {
    const c = read('Governor Lena Hart would not say whether she would sign the bill. “The people of this state deserve a budget that balances.”');
    expect(at(c, 'deserve a budget that balances').speakerName).toBe('Lena Hart');
  });

  it('"the news agency quoted him as saying" makes the agency the carrier and him the speaker', () => {
    const c = read('Tomas Ferro, a fisherman, said the harbour had emptied in a week.\n\n“I have never seen it like this,” the Reuters news agency quoted him as saying.');
    const s = at(c, 'I have never seen it like this');
    expect(s.speakerName).toBe('Tomas Ferro');
    expect(s.carrier).toBe('Reuters');
  });

  it('"issued a statement denying ..." is the issuer\'s denial', () => {
    const c = read('The National Rowing Federation has issued a statement denying the claims made by its former treasurer.');
    const s = at(c, 'the claims made by its former treasurer');
    expect(s.speakerName).toMatch(/Rowing Federation/);
    expect(s.stance).toBe('DENIES');
  });

  it('a subject with a prepositional phrase keeps its head noun ("Posts on several blogs said")', () => {
    const c = read('Posts on several blogs said the dam had cracked after the storm.');
    expect(at(c, 'the dam had cracked').speakerName).toBe('Posts on several blogs');
  });

  it('a sentence opened by "And" after reported speech goes on with the same report', () => {
    const c = read('Posts on several blogs said the dam had cracked after the storm. And the water supply to the valley had been cut off.');
    expect(at(c, 'the water supply to the valley').speakerName).toBe('Posts on several blogs');
  });

  it('"X said ..., but Y and Z said ..." gives Y and Z their own statement', () => {
    const c = read('State radio said the convoy was attacked by bandits, but farmers and traders said soldiers had opened fire first.');
    expect(at(c, 'the convoy was attacked').speakerName).toMatch(/State radio/i);
    expect(at(c, 'soldiers had opened fire first').speakerName).toBe('farmers and traders');
  });

  it('an answer quoted after a reporter\'s question in a briefing is the briefer\'s', () => {
    const c = read('Lena Hart, the mayor, said the plan was on track.\n\nWould the mayor back the plan? “I’m not aware of anything like that.” She said: “We have put out a statement.”');
    expect(at(c, 'not aware of anything like that').speakerName).toBe('Lena Hart');
    expect(at(c, 'We have put out a statement').speakerName).toBe('Lena Hart');
    expect(c.some((x) => x.text.includes('Would the mayor'))).toBe(false);
  });

  it('"declined to comment ..., noting only that ..." keeps the noted claim', () => {
    const c = read('The coach Ron Vale declined to comment on the video, noting only that the club had opened an inquiry.');
    const s = at(c, 'the club had opened an inquiry');
    expect(s.speakerName).toBe('Ron Vale');
    expect(s.text.startsWith('only')).toBe(false);
  });
});

describe('wire attribution rules: settings and openers', () => {
  it('"“...,” X said in an address to members who gathered ..." keeps the quote, not the setting', () => {
    const c = read('“I have one answer: it is false,” Vale said in a televised address to party members who gathered on Sunday for a meeting.');
    const s = at(c, 'I have one answer');
    expect(s.speakerName).toBe('Vale');
    expect(s.text).not.toMatch(/televised address/);
    expect(s.statedAt).toBeNull();
  });

  it('"Earlier on Monday local police said" is the police speaking, the day only dates it', () => {
    const c = read('Earlier on Monday local police said they were checking footage provided by the club.');
    const s = at(c, 'they were checking footage');
    expect(s.speakerName).toBe('local police');
    expect(s.statedAt?.toISOString().slice(0, 10)).toBe('2025-03-10');
  });
});

describe('wire attribution rules: rebuttals', () => {
  it('a denial of "an online rumour" is linked to what reports on websites said, even when they come after it', () => {
    const c = read(
      [
        'The Water Board on Tuesday dismissed an online rumour as baseless.',
        'Posts on several forums said a chemical plant had dumped solvent into the reservoir overnight.',
      ].join('\n\n'),
    );
    const denial = at(c, 'online rumour');
    expect(denial.stance).toBe('DENIES');
    expect(denial.rebuts).toContain(c.indexOf(at(c, 'dumped solvent')));
  });

  it('a denier\'s negated account that repeats a claim\'s rare words contradicts that claim', () => {
    const c = read(
      [
        'Posts on several forums said the chemical plant had dumped solvent into the northern reservoir overnight.',
        'The Water Board dismissed the posts as false.',
        'The board said the chemical plant had not dumped any solvent, and the water was safe.',
      ].join('\n\n'),
    );
    const echo = at(c, 'had not dumped any solvent');
    expect(echo.rebuts).toEqual([c.indexOf(at(c, 'dumped solvent into the northern reservoir'))]);
    expect(echo.rebutLinks[0]!.cues).toContain('not');
  });

  it('"X said ..., but Y said ..." sets Y\'s account against X\'s', () => {
    const c = read('State radio said the convoy was attacked by bandits, but farmers and traders said soldiers had opened fire first.');
    const second = at(c, 'soldiers had opened fire first');
    expect(second.rebuts).toEqual([c.indexOf(at(c, 'the convoy was attacked'))]);
    expect(second.rebutLinks[0]!.cues).toEqual(['but']);
  });

  it('two accounts joined by "and" are not set against each other', () => {
    const c = read('State radio said the convoy had arrived, and farmers said the market would open on Friday.');
    expect(c.every((x) => x.rebuts.length === 0)).toBe(true);
  });
});

describe('wire attribution rules: cited sources and roles', () => {
  it('"a lawyer acting for the coach has told the newspaper" is the coach\'s lawyer denying', () => {
    const c = read('Claims that the coach took bribes are "nonsense", a lawyer acting for the coach has told the newspaper in a letter.');
    const s = at(c, 'Claims that the coach took bribes');
    expect(s.speakerName).toBe('lawyer for the coach');
    expect(s.stance).toBe('DENIES');
  });

  it('"a report in the Courier that cited the coach\'s sister as saying ..." is the sister\'s claim, carried by the Courier', () => {
    const c = read("The town has been shaken by a report in the Courier newspaper that cited the coach's sister as saying the coach took money.");
    const s = at(c, 'the coach took money');
    expect(s.speakerName).toBe("coach's sister");
    expect(s.carrier).toBe('Courier');
  });

  it('"a Reuters report that cited sources as saying ..." leaves Reuters as the speaker', () => {
    const c = read('He was referring to a Reuters special report that cited sources as saying the minister had resigned.');
    const s = at(c, 'the minister had resigned');
    expect(s.speakerName).toBe('Reuters');
    expect(s.carrier).toBe('Reuters');
  });
});

describe('wire attribution rules: speakers', () => {
  it('"quoted him as saying" after "said 35-year-old Omar, who fled Tal Kassem" is Omar, never the town', () => {
    const c = read('“The troops are divided,” said 35-year-old Omar, who fled Tal Kassem on Sunday.\n\n“When they fired, I ran,” the AFP news agency quoted him as saying.');
    expect(at(c, 'The troops are divided').speakerName).toBe('Omar');
    const s = at(c, 'When they fired, I ran');
    expect(s.speakerName).toBe('Omar');
    expect(s.carrier).toBe('AFP');
  });

  it('"A reporter for the Associated Press news agency" keeps the agency\'s whole name', () => {
    const c = read('A reporter for the Associated Press news agency said the army was in control of the town.');
    expect(at(c, 'the army was in control').speakerName).toBe('reporter for the Associated Press');
  });

  it('"the mayor is declaring ..." is a statement as "declared" is', () => {
    const c = read('The mayor is declaring “NOT IN OUR CITY” after the storm.');
    expect(at(c, 'NOT IN OUR CITY').speakerName).toBe('mayor');
  });
});

describe('wire attribution rules: documents', () => {
  it('"said Vale in an e-mailed statement" reads the participle as part of the setting', () => {
    const c = read('"I told them the claims were not true," said Vale in an e-mailed statement. "That is shoddy journalism."');
    expect(at(c, 'I told them the claims were not true').speakerName).toBe('Vale');
    expect(at(c, 'That is shoddy journalism').speakerName).toBe('Vale');
  });

  it('"said a statement issued by Vanta\'s PR company" is Vanta\'s own denial, and "The statement continued" goes on with it', () => {
    const c = read('“Vanta strongly denies all allegations of fraud,” said a statement issued by Vanta’s PR company.\n\nThe statement continued: “Vanta contends that the articles are unfounded.”');
    const first = at(c, 'Vanta strongly denies all allegations');
    expect(first.speakerName).toBe('Vanta');
    expect(first.stance).toBe('DENIES');
    expect(at(c, 'the articles are unfounded').speakerName).toBe('Vanta');
  });
});

describe('wire attribution rules: denials answered', () => {
  it('"The lawyer said the young man sent a denial ..., saying there was no truth to it": the young man denies', () => {
    const c = read('The lawyer said the young man sent a denial to the Courier newspaper on Friday, saying there was "no truth" to it, the radio said.');
    const s = at(c, 'no truth');
    expect(s.speakerName).toBe('young man');
    expect(s.stance).toBe('DENIES');
  });

  it('"The Courier stands by the story" answers the denial of the Courier\'s report', () => {
    const c = read('The Pell Courier reported that the mayor took bribes.\n\nThe mayor denied the Courier report.\n\nThe Courier stands by the story.');
    const denial = at(c, 'denied the Courier report');
    const report = c.indexOf(at(c, 'the mayor took bribes'));
    expect(denial.rebuts).toEqual([report]);
    const stands = at(c, 'stands by the story');
    expect(stands.speakerName).toBe('Pell Courier');
    expect(stands.rebuts).toEqual([c.indexOf(denial)]);
    expect(stands.rebutLinks[0]!.cues).toEqual(['stands by']);
  });

  it('"denies all allegations as reported by the Courier" answers every claim the Courier made', () => {
    const c = read(
      [
        'The Pell Courier said the mayor had taken bribes from a builder.',
        'According to the Pell Courier, the payments went on for a decade.',
        'The mayor spoke at a meeting of the council on Tuesday.',
        '“The mayor strongly denies all allegations as reported by the Pell Courier,” said a statement from his office.',
      ].join('\n\n'),
    );
    const denial = at(c, 'strongly denies all allegations');
    expect(denial.rebuts).toEqual(expect.arrayContaining([c.indexOf(at(c, 'taken bribes')), c.indexOf(at(c, 'payments went on'))]));
  });
});

describe('wire attribution rules: every claim of the denied source', () => {
  it('a denied rumour answers each thing the posts said, not only the closest', () => {
    const c = read(
      [
        'The Water Board on Tuesday dismissed an online rumour about the reservoir as baseless.',
        'Posts on several forums said a chemical plant had dumped solvent into the reservoir overnight. And the fish in the lake had died within hours.',
      ].join('\n\n'),
    );
    const denial = at(c, 'online rumour');
    expect(denial.rebuts).toEqual([c.indexOf(at(c, 'dumped solvent')), c.indexOf(at(c, 'fish in the lake'))]);
  });
});

describe('wire attribution rules: families and issued statements', () => {
  it('"Vale\'s brother, Tomas," gives Tomas the family name', () => {
    const c = read("The Courier printed an interview with Mayor Ines Vale's brother, Tomas, made to the police. In the interview, Tomas accuses his sister of taking bribes.");
    expect(at(c, 'accuses his sister').speakerName).toBe('Tomas Vale');
  });

  it('"The statement goes on ..." is the statement of whoever the article said released one, not the last speaker', () => {
    const c = read(
      [
        'The Rowing Federation has released a formal statement denying the claims of its former treasurer, Ada Lind.',
        'In an interview, Lind said the federation had spent its grants on parties.',
        'The statement goes on to deal with the grants, claiming that every payment was approved by the board.',
      ].join('\n\n'),
    );
    expect(at(c, 'every payment was approved').speakerName).toBe('Rowing Federation');
  });
});

describe('wire attribution rules: denial before the accusation', () => {
  it('a lead that reports the denial first is linked to the accusation told just after it', () => {
    const c = read(
      [
        'The Rowing Federation has released a statement denying the latest accusations against its president.',
        'The former treasurer Ada Lind accuses the president of spending grants on parties.',
      ].join('\n\n'),
    );
    expect(at(c, 'denying the latest accusations').rebuts).toEqual([c.indexOf(at(c, 'spending grants on parties'))]);
  });

  it('a denier\'s negated account answers the other claims of the source its denial answered', () => {
    const c = read(
      [
        'The Water Board on Tuesday dismissed an online rumour as baseless.',
        'Posts on several forums said a chemical plant had dumped solvent into the northern reservoir. And the fish in the lake had died within hours.',
        'The board said the chemical plant had not dumped any solvent into the northern reservoir.',
      ].join('\n\n'),
    );
    const echo = at(c, 'had not dumped any solvent');
    expect(echo.rebuts).toEqual([c.indexOf(at(c, 'dumped solvent into the northern')), c.indexOf(at(c, 'fish in the lake'))]);
  });
});
