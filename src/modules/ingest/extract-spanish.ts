/**
 * A few Spanish attribution cues, enough for the commonest wire sentences:
 * "X, <cargo>, dijo que ...", "X negó que ...", "según X, ...". Far from the
 * English pipeline's coverage; the ingest result says so in a warning.
 */

export interface SpanishStatement {
  speakerText: string;
  speakerName: string;
  text: string;
  quote: string | null;
  verb: string;
  stance: 'ASSERTS' | 'DENIES';
  carrier: string | null;
  start: number;
  end: number;
}

/** Spanish verb -> the simple past in English, as the service reports verbs. */
const VERBS: Record<string, { verb: string; denies: boolean }> = {
  dijo: { verb: 'said', denies: false },
  afirmó: { verb: 'affirmed', denies: false },
  aseguró: { verb: 'assured', denies: false },
  declaró: { verb: 'declared', denies: false },
  señaló: { verb: 'noted', denies: false },
  indicó: { verb: 'indicated', denies: false },
  explicó: { verb: 'explained', denies: false },
  añadió: { verb: 'added', denies: false },
  agregó: { verb: 'added', denies: false },
  sostuvo: { verb: 'maintained', denies: false },
  advirtió: { verb: 'warned', denies: false },
  denunció: { verb: 'denounced', denies: false },
  acusó: { verb: 'accused', denies: false },
  negó: { verb: 'denied', denies: true },
  rechazó: { verb: 'rejected', denies: true },
  desmintió: { verb: 'denied', denies: true },
};

const AGENCIES = ['EFE', 'Europa Press', 'AFP', 'Reuters', 'AP', 'Télam', 'Notimex', 'ANSA', 'Xinhua', 'Prensa Latina'];
const NAME = "\\p{Lu}[\\p{L}'’-]+(?:\\s+(?:de(?:\\s+la)?|del|y|\\p{Lu}[\\p{L}'’-]+))*";

const VERB_RE = new RegExp(`(?<speaker>(?:(?:el|la|los|las)\\s+)?[\\p{L}\\s]{0,40}?${NAME}|(?:el|la|los|las)\\s+[\\p{Ll}]+(?:\\s+(?:de|del)\\s+${NAME})?)(?:,\\s*(?<apposition>[^,]{2,60}),)?\\s+(?:(?:también|hoy|ayer)\\s+)?(?<verb>${Object.keys(VERBS).join('|')})\\s+(?:que\\s+)?(?<text>[^.]{4,}?)(?=[.!?](?:\\s|$))`, 'gu');
const SEGUN_RE = new RegExp(`(?:^|[.!?]\\s+)[Ss]egún\\s+(?<speaker>(?:(?:el|la|los|las)\\s+)?[^,]{2,60}),\\s*(?<text>[^.]{4,}?)(?=[.!?](?:\\s|$))`, 'gu');

function nameIn(phrase: string): string | null {
  const m = phrase.match(new RegExp(`${NAME}(?:\\s+${NAME})*`, 'u'));
  return m && m[0].split(/\s+/).length >= 2 ? m[0] : null;
}

function carrierIn(phrase: string): string | null {
  return AGENCIES.find((a) => new RegExp(`\\b${a}\\b`).test(phrase)) ?? null;
}

export function extractSpanish(body: string): SpanishStatement[] {
  const out: SpanishStatement[] = [];
  for (const m of body.matchAll(VERB_RE)) {
    const g = m.groups!;
    const info = VERBS[g.verb!]!;
    const speakerText = g.speaker!.trim();
    // "El ministro de Salud, Carlos Pérez, dijo": the name in apposition is the speaker.
    const name = (g.apposition && nameIn(g.apposition)) || nameIn(speakerText) || speakerText.replace(/^(?:el|la|los|las)\s+/i, '');
    const start = m.index!;
    out.push({
      speakerText,
      speakerName: name,
      text: info.denies ? `${g.verb} ${g.text!.trim()}` : g.text!.trim(),
      quote: null,
      verb: info.verb,
      stance: info.denies ? 'DENIES' : 'ASSERTS',
      carrier: null,
      start,
      end: start + m[0].length,
    });
  }
  for (const m of body.matchAll(SEGUN_RE)) {
    const g = m.groups!;
    const speakerText = g.speaker!.trim();
    const start = m.index! + m[0].indexOf(m[0].trimStart().slice(0, 1));
    const agency = carrierIn(speakerText);
    out.push({
      speakerText,
      speakerName: agency ?? nameIn(speakerText) ?? speakerText.replace(/^(?:el|la|los|las)\s+/i, ''),
      text: g.text!.trim(),
      quote: null,
      verb: 'according to',
      stance: /\b(?:negó|rechazó|desmintió)\b/.test(g.text!) ? 'DENIES' : 'ASSERTS',
      carrier: agency,
      start,
      end: m.index! + m[0].length,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}
