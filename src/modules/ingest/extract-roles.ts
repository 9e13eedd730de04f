/**
 * Speaker stage: who a role phrase names. A fact-checker records the person
 * or body that spoke: "a spokesman for the Sun" is the Sun's spokesman, not
 * the Sun, and "the chancellor's spokeswoman" is not the chancellor. A name
 * inside the phrase only names the speaker when it is the phrase's head.
 */
import { HUMAN_WORDS, MEDIA_GENERIC_WORDS } from './extract-lexicon.js';
import { fixSpelling, hasPossessive, stripPossessive } from './extract-names.js';
import type { Token } from './nlp.js';

const ROLE_LINKS = new Set(['for', 'of', 'at', 'from', 'with']);
/** Roles whose holder speaks for whoever the complement names. */
const AGENT_ROLES = new Set([
  'spokesman', 'spokeswoman', 'spokesperson', 'spokespeople', 'lawyer', 'lawyers', 'attorney', 'attorneys', 'aide', 'aides',
  'adviser', 'advisers', 'advisor', 'advisors', 'representative', 'representatives', 'source', 'sources', 'official', 'officials',
  'executive', 'executives', 'reporter', 'correspondent', 'member', 'members', 'friend', 'relative', 'relatives', 'insider',
]);
const ARTICLES = new Set(['the', 'a', 'an']);

function roleWord(t: Token): boolean {
  return HUMAN_WORDS.has(fixSpelling(stripPossessive(t.lower))) && !['he', 'she', 'they', 'it'].includes(t.lower);
}

/**
 * Whether the name at tokens [from, to) only qualifies another noun of the
 * phrase: a possessor with a head after it ("Rupert Murdoch's Sun"), or the
 * complement of a role ("a lawyer for Jane Doe", "the ministry of X").
 */
export function nameIsModifier(tokens: Token[], from: number, to: number): boolean {
  const last = tokens[to - 1]!;
  if (to < tokens.length && hasPossessive(last)) return true;
  // Anywhere in the complement of a role that speaks for someone else: "a
  // spokesman for the North Korean Army's Strategic Force". A title's domain
  // is different: in "Minister of Defense Fayes Ghuson" the name is the head.
  for (let k = 0; k + 1 < from; k++) {
    if (AGENT_ROLES.has(fixSpelling(stripPossessive(tokens[k]!.lower))) && ROLE_LINKS.has(tokens[k + 1]!.lower)) return true;
  }
  return false;
}

export interface RolePhrase {
  /** As a fact-checker writes it: "Sun spokesman", "lawyer for the young person". */
  name: string;
  plural: boolean;
}

/**
 * "A spokesman for Rupert Murdoch's Sun tabloid" -> "Sun spokesman";
 * "a reporter for the Associated Press news agency" -> "reporter for the
 * Associated Press"; null when the phrase has no role with a complement.
 */
export function rolePhrase(written: Token[]): RolePhrase | null {
  // "a lawyer acting for the family" is the family's lawyer.
  const tokens = written.filter((t, i) => !(['acting', 'working'].includes(t.lower) && written[i + 1]?.lower === 'for' && i > 0));
  const at = tokens.findIndex((t, i) => i < tokens.length - 1 && roleWord(t) && ROLE_LINKS.has(tokens[i + 1]!.lower));
  if (at < 0) return null;
  const role = tokens[at]!;
  let head = at;
  while (head > 0 && !ARTICLES.has(tokens[head - 1]!.lower)) head--;
  let complement = tokens.slice(at + 2);
  // Trailing "news agency", "tabloid": the outlet's name is enough.
  const capitalised = complement.some((t) => /^\p{Lu}/u.test(t.text));
  // A capitalised one ("the Associated Press") is part of the name.
  while (capitalised && complement.length > 1 && MEDIA_GENERIC_WORDS.has(complement[complement.length - 1]!.lower) && !/^\p{Lu}/u.test(complement[complement.length - 1]!.text)) complement = complement.slice(0, -1);
  let core = complement.filter((t) => !ARTICLES.has(t.lower));
  const possessor = core.map((t, i) => (hasPossessive(t) ? i : -1)).filter((i) => i >= 0).pop();
  if (possessor !== undefined && possessor < core.length - 1) core = core.slice(possessor + 1);
  const plural = /s$/.test(role.lower) && !/(ss|us)$/.test(role.lower);
  if (core.length === 1 && /^\p{Lu}/u.test(core[0]!.text) && !plural) {
    return { name: `${stripPossessive(core[0]!.text)} ${role.text.toLowerCase()}`, plural };
  }
  const phrase = [...tokens.slice(head, at + 2), ...complement];
  return { name: phrase.map((t) => t.text).join(' ').replace(/[’]/g, "'"), plural };
}

/** Nouns for a document that stands for its author: "the statement continued", "the Lycamobile statement said". */
const DOCUMENT_HEADS = new Set(['statement', 'letter', 'communique', 'communiqué', 'release', 'note', 'memo', 'filing', 'judgment', 'ruling', 'report', 'documentary', 'article', 'post', 'tweet']);

/**
 * The author a document phrase names: "The Lycamobile statement" ->
 * tokens of "Lycamobile"; "the report by BuzzFeed" -> "BuzzFeed"; an empty
 * array for "the statement" (its author is the speaker before); null when
 * the phrase is not a document.
 */
const ISSUED = new Set(['issued', 'released', 'sent', 'published', 'put']);

export function documentAuthor(tokens: Token[]): Token[] | null {
  const headAt = tokens.findIndex((t) => DOCUMENT_HEADS.has(t.lower));
  if (headAt < 0) return null;
  let after = tokens.slice(headAt + 1);
  if (after.length > 1 && ISSUED.has(after[0]!.lower) && after[1]!.lower === 'by') after = after.slice(1);
  if (after.length > 0) {
    if (!['by', 'from', 'of'].includes(after[0]!.lower)) return null;
    const author = after.slice(1).filter((t) => !ARTICLES.has(t.lower));
    // "issued by Vanta's PR company": the firm speaks for its client.
    const possessor = author.findIndex((t) => hasPossessive(t));
    const agent = author.slice(possessor + 1).map((t) => t.lower);
    if (possessor >= 0 && agent.length > 0 && agent.some((w) => ['pr', 'relations', 'lawyers', 'solicitors', 'attorneys', 'representatives'].includes(w))) {
      return author.slice(0, possessor + 1).map((t) => ({ ...t, text: stripPossessive(t.text), lower: stripPossessive(t.lower) }));
    }
    return author;
  }
  return tokens.slice(0, headAt).filter((t) => /^\p{Lu}/u.test(t.text) && !ARTICLES.has(t.lower));
}
