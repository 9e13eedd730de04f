import { describe, expect, it } from 'vitest';
import { extractArticle, extractStatements, type ExtractedCandidate } from '../../src/modules/ingest/extract.js';

const PUBLISHED = new Date('2025-03-12T12:00:00Z'); // a Wednesday

function read(body: string): ExtractedCandidate[] {
  return extractStatements({ body, publishedAt: PUBLISHED, language: 'en' });
}

function at(candidates: ExtractedCandidate[], words: string): ExtractedCandidate {
  const found = candidates.filter((c) => c.text.includes(words));
  expect(found, `one candidate with "${words}" among: ${candidates.map((c) => `${c.speakerName}: ${c.text}`).join(' | ')}`).toHaveLength(1);
  return found[0]!;
}

describe('attribution on wire copy', () => {
  it('a spokeswoman named after her boss speaks, not the boss', () => {
    const c = read('The chancellor\'s spokeswoman, Anna Berg, says the budget talks will resume next week.');
    expect(at(c, 'budget talks will resume').speakerName).toBe('Anna Berg');
  });

  it('a spokesman for a newspaper owned by a tycoon is the paper\'s spokesman, not the tycoon', () => {
    const c = read('A spokesman for Victor Lang\'s Courier tabloid said: "We stand by every word we printed."');
    const s = at(c, 'We stand by every word');
    expect(s.speakerName).not.toMatch(/Lang/);
    expect(s.speakerName).toMatch(/spokesman/);
  });

  it('"the minister\'s office told reporters" is linked to the accusation two paragraphs up', () => {
    const c = read(
      [
        'The opposition leader Marta Quiroga accused the transport minister of taking bribes from a road builder.',
        'The road builder won three contracts last year, records show.',
        'The minister\'s office told reporters: "This report is false."',
      ].join('\n\n'),
    );
    const accusation = c.findIndex((x) => x.text.includes('taking bribes'));
    const denial = at(c, 'This report is false');
    expect(denial.stance).toBe('DENIES');
    expect(denial.rebuts).toContain(accusation);
    const link = denial.rebutLinks.find((l) => l.target === accusation)!;
    expect(link.score).toBeGreaterThan(0);
    expect(link.cues).toContain('false');
  });

  it('"he told Reuters" after a sentence naming a commander and a town goes to the commander', () => {
    const c = read(
      [
        'Colonel Pascal Mbuyi, who commands the army in Kasai, said the rebels had withdrawn overnight.',
        '"The road is open again," he told Reuters.',
      ].join('\n\n'),
    );
    const s = at(c, 'The road is open again');
    expect(s.speakerName).toBe('Pascal Mbuyi');
    expect(s.carrier).toBe('Reuters');
  });

  it('"It said" resolves to the organisation, never to the word "It"', () => {
    const c = read(
      [
        'The World Food Programme said aid convoys had reached the northern camps.',
        'It said more trucks would follow by the end of the month.',
      ].join('\n\n'),
    );
    expect(at(c, 'more trucks would follow').speakerName).toBe('World Food Programme');
  });

  it('a quote after a colon that follows "said on Twitter" is kept', () => {
    const c = read('The writer Jonas Ek said on Twitter: "If the senator wants a debate, I am ready."');
    const s = at(c, 'If the senator wants a debate');
    expect(s.speakerName).toBe('Jonas Ek');
    expect(s.quote).toContain('I am ready');
  });

  it('a quote, then "he added, stressing that ...", gives two claims', () => {
    const c = read(
      [
        'General Omar Sadiq addressed troops in the capital on Tuesday.',
        '"We lost four soldiers," he added, stressing that no civilians were hurt.',
      ].join('\n\n'),
    );
    expect(at(c, 'We lost four soldiers').speakerName).toBe('Omar Sadiq');
    expect(at(c, 'no civilians were hurt').speakerName).toBe('Omar Sadiq');
  });

  it('"The army said ..., but the rebels said ..." gives both statements, each to its own speaker', () => {
    const c = read('The army said it had retaken the airport, but the rebels said fighting was still going on near the runway.');
    expect(at(c, 'retaken the airport').speakerName).toMatch(/army/);
    expect(at(c, 'fighting was still going on').speakerName).toMatch(/rebels/);
    expect(at(c, 'retaken the airport').text).not.toContain('fighting');
  });

  it('an officer "who asked not to be named" speaks; the outlet he told carries', () => {
    const c = read('"Our units hold the bridge," the officer, who asked not to be named, told AFP.');
    const s = at(c, 'Our units hold the bridge');
    expect(s.speakerName).toBe('officer');
    expect(s.carrier).toBe('AFP');
  });

  it('carriers: "wrote in The Times", "in response to a query from AP", "telling the state broadcaster"', () => {
    const c = read(
      [
        'The former ambassador Clara Voss wrote in The Times that the sanctions had failed.',
        'The company said in response to a query from AP that its plant met every standard.',
        'The mayor Ilan Rossi denied the charges, telling the state broadcaster RTV that he had never met the contractor.',
      ].join('\n\n'),
    );
    expect(at(c, 'sanctions had failed').carrier).toBe('The Times');
    expect(at(c, 'plant met every standard').carrier).toBe('AP');
    expect(c.some((x) => x.carrier === 'RTV')).toBe(true);
  });

  it('a claim embedded in a noun with its source named is a statement of that source', () => {
    const c = read('The talks stalled after an accusation by the president that the envoy had leaked the draft.');
    expect(at(c, 'the envoy had leaked the draft').speakerName).toMatch(/president/);
  });

  it('a passive denial ("are rejected by the ministry") is the ministry\'s denial', () => {
    const c = read(
      [
        'The rights group Open Watch said prisoners were held without charge.',
        'These claims are rejected by the interior ministry.',
      ].join('\n\n'),
    );
    const d = c.find((x) => /interior ministry/.test(x.speakerName));
    expect(d?.stance).toBe('DENIES');
    expect(d?.rebuts).toContain(c.findIndex((x) => x.text.includes('held without charge')));
  });

  it('nested attribution: the palace spokesman speaks, Interfax carries', () => {
    const c = read('The visit will go ahead as planned, the palace spokesman said, the Interfax agency reported.');
    const s = at(c, 'The visit will go ahead');
    expect(s.speakerName).toMatch(/palace spokesman/);
    expect(s.carrier).toBe('Interfax');
  });

  it('"A and B have denied" gives a denial for each of them', () => {
    const c = read('The coach Ron Vale and the sprinter Eli Moss have denied any wrongdoing.');
    const names = c.filter((x) => x.text.includes('denied any wrongdoing')).map((x) => x.speakerName).sort();
    expect(names).toEqual(['Eli Moss', 'Ron Vale']);
  });
});

describe('languages', () => {
  it('an article in Spanish says why nothing English was read, and finds its "dijo" statements', () => {
    const body = 'El ministro de Salud, Carlos Pérez, dijo que la vacuna es segura. Según la agencia EFE, el gobierno negó las acusaciones de la oposición.';
    const result = extractArticle({ body, publishedAt: PUBLISHED, language: 'en' });
    expect(result.language).toBe('es');
    expect(result.warnings.some((w) => w.kind === 'LANGUAGE')).toBe(true);
  });
});

describe('languages, more', () => {
  it('a Spanish article yields the speaker in apposition and the carrier of "según"', () => {
    const body = 'El ministro de Salud, Carlos Pérez, dijo que la vacuna es segura y que llegará a todas las provincias. Según la agencia EFE, el gobierno no ha recibido ninguna queja de los hospitales de la capital.';
    const result = extractArticle({ body, publishedAt: PUBLISHED, language: 'es' });
    expect(result.language).toBe('es');
    const said = result.candidates.find((c) => c.text.includes('la vacuna es segura'));
    expect(said?.speakerName).toBe('Carlos Pérez');
    expect(said?.verb).toBe('said');
    expect(result.candidates.find((c) => c.verb === 'according to')?.carrier).toBe('EFE');
  });

  it('a French article says it is not read, and an English one declared French is not read either', () => {
    const body = 'Le ministre de la Santé a déclaré mardi que le vaccin est sûr et que les hôpitaux de la région ne sont pas saturés, selon un communiqué publié dans la soirée par le ministère.';
    const fr = extractArticle({ body, publishedAt: PUBLISHED, language: 'fr' });
    expect(fr.candidates).toEqual([]);
    expect(fr.warnings.map((w) => w.kind)).toEqual(['LANGUAGE']);
    expect(fr.warnings[0]!.message).toMatch(/not in English/);
  });
});

describe('rebuttals by role', () => {
  it('"the governor has made false claims" rebuts what the governor was reported to claim', () => {
    const c = read(
      [
        'Governor Helen Ward claimed that the state budget had a surplus of two billion dollars.',
        'Separately, the transit authority said fares would rise in May.',
        '"The governor has made a number of false claims tonight," the auditor Paul Ames said.',
      ].join('\n\n'),
    );
    const claim = c.findIndex((x) => x.text.includes('surplus of two billion'));
    const denial = at(c, 'a number of false claims');
    expect(denial.rebuts).toEqual([claim]);
  });
});

describe('role complements and relayed quotes', () => {
  it('"a spokesman for the Interior Ministry\'s border force said" is the spokesman, and "quoted as saying" after a quote keeps the quote', () => {
    const c = read(
      [
        'A spokesman for the Interior Ministry\'s Border Force said the crossing would stay shut until Monday.',
        '"Nobody will pass without papers," the spokesman was quoted as saying, referring to the northern checkpoints.',
      ].join('\n\n'),
    );
    expect(at(c, 'crossing would stay shut').speakerName).toMatch(/^spokesman for/);
    const q = at(c, 'Nobody will pass without papers');
    expect(q.speakerName).toMatch(/^spokesman for/);
    expect(q.text).not.toContain('referring');
  });
});
