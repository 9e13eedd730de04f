import type { Hunk } from './fidelity.align.js';
import type { Word } from './fidelity.tokens.js';

/**
 * Stage 3: what each difference between the words said and the words
 * carried does. A rule fires on a hunk when the change is one that can turn
 * what was said into something else; each says which words made it fire.
 * Everything else is a change of words, not of meaning, as far as rules can
 * tell: words dropped, added, or put another way.
 */
export type ChangeKind = 'NEGATION' | 'NUMBER' | 'DATE' | 'NAME' | 'HEDGE' | 'INTENSIFIER' | 'DROPPED' | 'ADDED' | 'REWORDED';

export const MEANING_CHANGES: readonly ChangeKind[] = ['NEGATION', 'NUMBER', 'DATE', 'NAME', 'HEDGE', 'INTENSIFIER'];

export interface Change {
  kind: ChangeKind;
  /** Why, in words: "a negation was dropped: not". */
  rule: string;
  /** The words said that the carrier changed or left out; null when it only added words. */
  said: string | null;
  /** The words the carrier printed instead; null when it only left words out. */
  carried: string | null;
}

const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot', 'nowhere']);
const isNegation = (w: Word) => NEGATIONS.has(w.key) || /n't$/.test(w.key) || /n'$/.test(w.key);

/** Words that make a claim less than certain; dropping one turns a possibility into a fact. */
const HEDGES = new Set([
  'may', 'might', 'could', 'possibly', 'perhaps', 'maybe', 'allegedly', 'reportedly', 'apparently', 'likely', 'unlikely', 'probably',
  'seem', 'seems', 'seemed', 'appear', 'appears', 'appeared', 'suggests', 'suggested', 'believed', 'suspected', 'alleged', 'purportedly', 'presumably',
]);
/** Words that make a claim more certain or more absolute than it was said. */
const INTENSIFIERS = new Set([
  'categorically', 'absolutely', 'definitely', 'certainly', 'completely', 'totally', 'entirely', 'clearly', 'undoubtedly', 'unquestionably',
  'always', 'all', 'every', 'fully', 'utterly', 'flatly', 'proven', 'proved',
]);

const NUMBER_WORDS = new Set([
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen',
  'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety', 'hundred',
  'hundreds', 'thousand', 'thousands', 'million', 'millions', 'billion', 'billions', 'dozen', 'dozens', 'half', 'third', 'quarter', 'double',
  'twice', 'triple',
]);
const isNumber = (w: Word) => /\d/.test(w.key) || NUMBER_WORDS.has(w.key);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DATE_WORDS = new Set([
  ...MONTHS, 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'yesterday', 'today', 'tomorrow', 'tonight', 'week', 'month', 'year', 'weekend', 'morning', 'evening', 'night',
]);
/** "May" the month, not the hedge, when written with a capital inside a sentence. */
const isDate = (w: Word) => (w.key === 'may' ? w.capitalised : DATE_WORDS.has(w.key)) || /^(1[89]|20)\d\d$/.test(w.key);
const isHedge = (w: Word) => HEDGES.has(w.key) && !(w.key === 'may' && w.capitalised);

/** Capitalised words that are not names when they start a sentence. */
const NOT_NAMES = new Set(['the', 'a', 'an', 'we', 'it', 'this', 'that', 'these', 'those', 'our', 'they', 'he', 'she', 'i', 'in', 'on', 'at', 'there', 'his', 'her', 'their', 'its', 'you', 'my', 'if', 'but', 'and', 'as', 'no', 'not']);
const isName = (w: Word) => !isDate(w) && (w.capitalised || (w.text[0] !== w.text[0]!.toLowerCase() && !NOT_NAMES.has(w.key)));

const spell = (ws: Word[]) => (ws.length === 0 ? null : ws.map((w) => w.text).join(' '));
const keys = (ws: Word[]) => ws.map((w) => w.key).sort().join(' ');

export function changesOf(hunk: Hunk): Change[] {
  const said = spell(hunk.said);
  const carried = spell(hunk.carried);
  const fired: Change[] = [];
  const fire = (kind: ChangeKind, rule: string) => fired.push({ kind, rule, said, carried });

  const negSaid = hunk.said.filter(isNegation);
  const negCarried = hunk.carried.filter(isNegation);
  if (negSaid.length > negCarried.length) fire('NEGATION', `a negation was dropped: ${spell(negSaid)}`);
  else if (negCarried.length > negSaid.length) fire('NEGATION', `a negation was added: ${spell(negCarried)}`);

  const numSaid = hunk.said.filter(isNumber);
  const numCarried = hunk.carried.filter(isNumber);
  // A number left out is a trim; a number put in, or replaced by another, changes what was said.
  if (numCarried.length > 0 && keys(numSaid) !== keys(numCarried)) {
    fire('NUMBER', numSaid.length > 0 ? `a number was changed: ${spell(numSaid)} → ${spell(numCarried)}` : `a number was added: ${spell(numCarried)}`);
  }

  const dateSaid = hunk.said.filter(isDate);
  const dateCarried = hunk.carried.filter(isDate);
  if (dateCarried.length > 0 && keys(dateSaid) !== keys(dateCarried)) {
    fire('DATE', dateSaid.length > 0 ? `a date was changed: ${spell(dateSaid)} → ${spell(dateCarried)}` : `a date was added: ${spell(dateCarried)}`);
  }

  const nameSaid = hunk.said.filter((w) => isName(w) && !isNumber(w));
  const nameCarried = hunk.carried.filter((w) => isName(w) && !isNumber(w));
  if (nameSaid.length > 0 && nameCarried.length > 0 && keys(nameSaid) !== keys(nameCarried)) {
    fire('NAME', `a name was changed: ${spell(nameSaid)} → ${spell(nameCarried)}`);
  }

  const hedgeSaid = hunk.said.filter(isHedge);
  const hedgeCarried = hunk.carried.filter(isHedge);
  if (hedgeSaid.length > hedgeCarried.length) fire('HEDGE', `a hedge was removed: ${spell(hedgeSaid)}`);
  else if (hedgeCarried.length > hedgeSaid.length) fire('HEDGE', `a hedge was added: ${spell(hedgeCarried)}`);

  const strongSaid = hunk.said.filter((w) => INTENSIFIERS.has(w.key));
  const strongCarried = hunk.carried.filter((w) => INTENSIFIERS.has(w.key));
  if (strongCarried.length > strongSaid.length) fire('INTENSIFIER', `an intensifier was added: ${spell(strongCarried)}`);

  if (fired.length > 0) return fired;
  if (hunk.carried.length === 0) return [{ kind: 'DROPPED', rule: 'words were left out', said, carried }];
  if (hunk.said.length === 0) return [{ kind: 'ADDED', rule: 'words were added', said, carried }];
  return [{ kind: 'REWORDED', rule: 'words were put another way', said, carried }];
}
