/**
 * Which statements of an article a denial answers. Reporters rarely repeat
 * the claim word for word, so several weak signals are added up: the denial
 * names the claimant ("the US accusations"), it answers an accusation with a
 * word for one, the two share distinctive words ("reservoirs"), and the
 * claim names the denier ("accused the Northern Front").
 */
import { ACCUSATION_NOUNS, ACCUSING_VERBS, CLAIM_NOUNS } from './extract-lexicon.js';
import { stripPossessive } from './extract-names.js';

export interface RebutInput {
  speakerName: string;
  speakerText: string;
  text: string;
  verb: string;
  stance: 'ASSERTS' | 'DENIES';
  /** Offsets of the statement's passage in the article. */
  start: number;
  end: number;
  /** The statement this one sets its account against in the same sentence ("X said ..., but Y said ..."). */
  answers?: number | null;
}

const STOP = new Set(
  (
    'a an the and or but of to in on at by for with from as that this these those it its it\'s is are was were be been being ' +
    'has have had will would could should may might must can do does did not no nor so than then there their they them he she ' +
    'his her him we our you your i my me who whom which what when where why how all any both each few more most other some ' +
    'such only own same too very just also into over after before under again further once here about against between through ' +
    'during above below up down out off said say says told tell denied deny denies rejected dismissed called calling saying ' +
    'accused accusing added part new'
  ).split(' '),
);

/** Generic words of speaker names that say nothing about who is meant. */
const GENERIC_NAME_WORDS = new Set(['the', 'of', 'and', 'for', 'state', 'foreign', 'government', 'ministry', 'department', 'office', 'committee', 'council', 'agency', 'news', 'national', 'spokesperson', 'spokesman', 'spokeswoman']);

/** A rough stem, enough to equate "prisoners"/"prison" and "used"/"using". */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ers', 'er', 'ies', 'ied', 'ed', 'es', 's']) {
    if (w.length - suffix.length >= 4 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

export function contentWords(text: string): string[] {
  return (text.toLowerCase().replace(/[’]/g, "'").match(/[\p{L}\p{N}'-]+/gu) ?? [])
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 2 && !STOP.has(w))
    .map(stem);
}

function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => stripPossessive(w))
    .filter((w) => w.length > 1 && !GENERIC_NAME_WORDS.has(w));
}

function allNameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => stripPossessive(w))
    .filter((w) => w.length > 1 && !STOP.has(w));
}

/** Demonyms and capitals that stand for a country's speakers in headlines and copy. */
const SAME_PARTY: [RegExp, RegExp][] = [
  [/^(us|u\.s\.|american|americans|washington)$/, /^(us|u\.s\.|united|american|washington)$/],
];

function wordsRefer(claimOwner: string[], speaker: string[]): boolean {
  for (const w of claimOwner) {
    for (const s of speaker) {
      if (w === s) return true;
      if (w.length >= 5 && s.length >= 5 && (w.startsWith(s) || s.startsWith(w))) return true;
      for (const [a, b] of SAME_PARTY) if (a.test(w) && b.test(s)) return true;
    }
  }
  return false;
}

interface ClaimReference {
  noun: string;
  /** Words naming whose claim it is ("us", "valdoria", "main opposition party"). */
  owner: string[];
}

const CLAIM_CLASS_ALIKE = new Set(['accusation', 'accusations', 'allegation', 'allegations', 'claim', 'claims', 'charge', 'charges']);

/**
 * The claim nouns of a passage, in order, each with the words naming its
 * owner: capitalised or possessive words just before it ("the US
 * accusations", "Valdoria's accusation") or a by/from/of phrase after it
 * ("claims by the main opposition party", "the resolution adopted by the
 * European Parliament").
 */
function claimReferences(text: string): ClaimReference[] {
  const out: ClaimReference[] = [];
  const re = /[\p{L}\p{N}'’.-]+/gu;
  const words = [...text.matchAll(re)].map((m) => ({ word: m[0], index: m.index }));
  words.forEach((w, i) => {
    const noun = w.word.toLowerCase();
    if (!CLAIM_NOUNS.has(noun)) return;
    const owner: string[] = [];
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
      const before = words[j]!.word;
      const lower = before.toLowerCase();
      if (STOP.has(lower)) break;
      if (/^\p{Lu}/u.test(before) || /['’]s$|s['’]$/.test(before)) owner.unshift(stripPossessive(lower.replace(/’/g, "'")));
      else break;
    }
    const after = text.slice(w.index + w.word.length);
    const by = after.match(/^\s+(?:[\p{L}-]+\s+)?(?:by|from|of)\s+((?:the\s+)?[\p{L}\p{N}'’.-]+(?:\s+[\p{L}\p{N}'’.-]+){0,3})/u);
    if (by) owner.push(...by[1]!.split(/\s+/).map((x) => stripPossessive(x.toLowerCase())).filter((x) => !STOP.has(x)));
    out.push({ noun, owner: owner.filter((x) => x.length > 1) });
  });
  return out;
}

const REPORTED_BY = /\bas\s+(?:reported|alleged|claimed|published|stated)\s+by\s+((?:the\s+)?\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}'’.-]*){0,3})/u;

/**
 * Whose claim a denial answers: named in the denial itself, or, for "the
 * allegations", at an earlier mention of the same kind of claim in the
 * article ("rejected claims by the main opposition party" in the lead).
 */
function ownerOf(denial: RebutInput, body: string): { noun: string | null; owner: string[] } {
  const references = claimReferences(denial.text);
  // "denies all allegations as reported by BuzzFeed": the source is named after the claim.
  const reportedBy = denial.text.match(REPORTED_BY);
  if (reportedBy) {
    const owner = reportedBy[1]!.split(/\s+/).map((x) => stripPossessive(x.toLowerCase())).filter((x) => x.length > 1 && !STOP.has(x));
    if (owner.length > 0) return { noun: references[0]?.noun ?? null, owner };
  }
  const earlier = claimReferences(body.slice(0, denial.start));
  // The first claim noun is the denied one ("the resolution relies on
  // fabricated reports by ..."): its owner is looked for before the next one's.
  for (const r of references) {
    if (r.owner.length > 0) return r;
    const same = earlier.filter((e) => e.noun === r.noun && e.owner.length > 0);
    const alike = earlier.filter((e) => CLAIM_CLASS_ALIKE.has(r.noun) && CLAIM_CLASS_ALIKE.has(e.noun) && e.owner.length > 0);
    const found = same[same.length - 1] ?? alike[alike.length - 1];
    if (found) return { noun: r.noun, owner: found.owner };
  }
  return { noun: references[0]?.noun ?? null, owner: [] };
}

/** An accusation: its verb accuses, or it goes on to ("said ... and accused the company of ..."). */
function accuses(statement: RebutInput): boolean {
  return ACCUSING_VERBS.has(statement.verb) || /\b(?:accus|alleg|blam)\w*/i.test(statement.text);
}

/** A suggested rebuttal inside one article: the claim answered, how strongly, and the words that said so. */
export interface RebutLink {
  target: number;
  /** Sum of the signals below, divided by 10 and capped at 1, so callers can rank and threshold. */
  score: number;
  /** The denial's words that triggered the link ("denied", "false", "no truth") and the words shared with the claim. */
  cues: string[];
}

const LINK_MIN = 3;
/** What a denial calls a claim that media carried. */
const REPORTED_NOUNS = new Set(['report', 'reports', 'story', 'stories', 'rumour', 'rumours', 'rumor', 'rumors', 'article', 'articles']);
/** Words of a speaker that is itself a report or an outlet's copy ("Reports on some websites", "a tabloid"). */
const REPORTING_SPEAKERS = new Set(['reports', 'report', 'websites', 'website', 'posts', 'blogs', 'media', 'newspaper', 'newspapers', 'tabloid', 'daily', 'articles']);
/** Cue words kept per link: the denial's triggers first, then shared words. */
export const CUES_MAX = 8;
const ANAPHORIC_CLAIM = /^(?:(?:described|denied|dismissed|rejected|called|labelled|branded)\s+)?(?:these|this|the|such|those|that)\s+(?:[\p{L}-]+\s+)?(?:claims?|allegations?|reports?|accusations?|charges?|stor(?:y|ies)|suggestions?|rumou?rs?|remarks|assertions?)\b/iu;
const DENIAL_CUE = /\b(?:den(?:y|ies|ied|ying)|reject\w*|dismiss\w*|refut\w*|rubbish\w*|disprov\w*|debunk\w*|repudiat\w*|untrue|false\w*|fake|fabricat\w*|baseless|unfounded|groundless|inaccurate|categorically|no truth|not true|no evidence|no proof|lies?|rumou?rs?|story-telling|scurrilous|bogus|nonsense|misinform\w*)\b/gi;

/** "allegations that <content>", "the rumour that <content>": the content a denial spells out. */
const SPELLED_CLAIM = /\b(?:allegations?|claims?|accusations?|reports?|rumou?rs?|suggestions?|stor(?:y|ies))\s+that\s+(.+)$/iu;

/** The words of a denial that make it one: its verb and its words for untruth. */
export function denialCues(verb: string, text: string): string[] {
  const cues = new Set<string>();
  if (DENIAL_CUE.test(verb)) cues.add(verb);
  DENIAL_CUE.lastIndex = 0;
  for (const m of text.matchAll(DENIAL_CUE)) cues.add(m[0].toLowerCase());
  return [...cues].slice(0, CUES_MAX);
}

/** Two names for one speaker ("PMO" and "Prime Minister's Office", "Rajoy" and "Mariano Rajoy")? */
function sameSpeaker(a: RebutInput, b: RebutInput): boolean {
  if (a.speakerName === b.speakerName) return true;
  const x = nameWords(a.speakerName);
  const y = nameWords(b.speakerName);
  if (x.length === 0 || y.length === 0) return false;
  const initials = (w: string[]): string => w.map((v) => v[0]).join('');
  if ((x.length === 1 && initials(y) === x[0]) || (y.length === 1 && initials(x) === y[0])) return true;
  const short = x.length <= y.length ? x : y;
  const long = x.length <= y.length ? y : x;
  return short.every((w) => long.includes(w));
}

/**
 * For each denial, the statements it rebuts. `documentFrequency` counts, for
 * each stem, how many sentences of the article use it, so words the whole
 * story repeats ("Vienna", "talks") count for little. A denial that names
 * no claim of its own ("It is totally fabrication") answers what the same
 * speaker's denial just before it answered.
 */
export function linkRebuttalsScored(
  statements: RebutInput[],
  body: string,
  documentFrequency: Map<string, number>,
  rolesOf: (speakerName: string) => string[] = () => [],
): RebutLink[][] {
  const links: RebutLink[][] = statements.map(() => []);
  // Each statement's words and names, read once: every denial compares them with every claim.
  const wordsOfText = statements.map((x) => contentWords(x.text));
  const stemsOfText = wordsOfText.map((w) => [...new Set(w)]);
  const claimants = statements.map((x) => allNameWords(x.speakerName).concat(allNameWords(x.speakerText)));
  const rolePatterns = new Map<string, RegExp[]>();
  const rolesNamed = (name: string): RegExp[] => {
    let patterns = rolePatterns.get(name);
    if (!patterns) rolePatterns.set(name, (patterns = rolesOf(name).map((r) => new RegExp(`\\bthe ${r}\\b`, 'i'))));
    return patterns;
  };
  statements.forEach((denial, d) => {
    if (denial.stance !== 'DENIES') return;
    const denialWords = new Set(wordsOfText[d]);
    const { noun, owner } = ownerOf(denial, body);
    const denierWords = nameWords(denial.speakerName).concat(nameWords(denial.speakerText));
    const triggers = denialCues(denial.verb, denial.text);
    // "These claims", "This report is false": the words point back at what was just reported.
    const anaphoric = ANAPHORIC_CLAIM.test(denial.text.trim());
    const deniedContent = new Set(contentWords(denial.text.match(SPELLED_CLAIM)?.[1] ?? ''));
    let latestAccusation = -1;
    if (owner.length === 0) {
      statements.forEach((c, i) => {
        const near = noun !== null || (i < d && d - i <= 2);
        if (near && c.start < denial.start && c.stance === 'ASSERTS' && accuses(c) && !sameSpeaker(c, denial)) latestAccusation = i;
      });
      // A lead that reports the denial first ("denying the latest accusations"): the accusation told just after it.
      if (latestAccusation < 0 && noun !== null && ACCUSATION_NOUNS.has(noun)) {
        latestAccusation = statements.findIndex((c, i) => i > d && i - d <= 3 && c.stance === 'ASSERTS' && accuses(c) && !sameSpeaker(c, denial));
      }
    }
    // The claim reported last before the denial, by someone else: what a reply usually answers.
    let previousClaim = -1;
    statements.forEach((c, i) => {
      if (i < d && c.stance === 'ASSERTS' && c.verb !== 'stood by' && !sameSpeaker(c, denial)) previousClaim = i;
    });
    const ownerHit = new Set<number>();
    let best = 0;
    let bestTargets: number[] = [];
    let bestShared: string[] = [];
    statements.forEach((claim, c) => {
      if (c === d || claim.stance === 'DENIES' || claim.verb === 'stood by') return;
      if (sameSpeaker(claim, denial)) return;
      const claimant = claimants[c]!;
      let score = 0;
      if (owner.length > 0 && wordsRefer(owner, claimant)) {
        score += 3;
        ownerHit.add(c);
      }
      // "disproved an online rumour" answers what "reports on some websites said", before or after it.
      else if (owner.length === 0 && noun !== null && REPORTED_NOUNS.has(noun) && claimant.some((w) => REPORTING_SPEAKERS.has(w))) {
        score += 3;
        ownerHit.add(c);
      }
      // "the President has made false statements": the claimant named by the role the article gave them.
      else if (rolesNamed(claim.speakerName).some((re) => re.test(denial.text))) score += 3;
      if (c === latestAccusation) score += noun === null ? 3 : 2;
      if (noun && ACCUSATION_NOUNS.has(noun) && accuses(claim)) score += 1;
      const claimStems = stemsOfText[c]!;
      let shared = claimStems.filter((w) => denialWords.has(w) && (documentFrequency.get(w) ?? 0) <= 2);
      // "Allegations that the presenter paid ... are rubbish": the denied content spelled out may
      // repeat the story's common words, and they still say which claim it is.
      const spelled = claimStems.filter((w) => deniedContent.has(w) && (documentFrequency.get(w) ?? 0) <= 4);
      if (spelled.length > shared.length) shared = spelled;
      score += Math.min(shared.length, 3);
      if (shared.length > 0 && accuses(claim)) score += 1;
      if (c === previousClaim && (shared.length > 0 || noun !== null)) score += anaphoric ? 3 : 1;
      // "denied any wrongdoing after a BBC documentary accused them ...": the sentence names what is denied.
      if (claim.start > denial.start && claim.start < denial.end) score += 3;
      const claimWords = wordsOfText[c]!;
      if (denierWords.some((w) => claimWords.some((x) => wordsRefer([w], [x])))) score += 1;
      if (score > best) {
        best = score;
        bestTargets = [c];
        bestShared = shared;
      } else if (score === best && score > 0) {
        bestTargets.push(c);
      }
    });
    if (best >= LINK_MIN) {
      const cues = [...triggers, ...bestShared].slice(0, CUES_MAX);
      // "denies all allegations as reported by BuzzFeed", "disproved the rumour": every claim of the source it names.
      const named = bestTargets.some((c) => ownerHit.has(c)) ? [...ownerHit].filter((c) => !bestTargets.includes(c)).sort((a, b) => a - b) : [];
      links[d] = [...bestTargets, ...named].map((target) => ({ target, score: Math.min(1, (bestTargets.includes(target) ? best : LINK_MIN) / 10), cues }));
      return;
    }
    // A follow-on denial by the same speaker ("It is totally fabrication.") answers the same claim.
    for (let e = d - 1; e >= 0; e--) {
      const earlier = statements[e]!;
      if (!sameSpeaker(earlier, denial)) continue;
      if (links[e]!.length > 0) {
        links[d] = links[e]!.map((l) => ({ target: l.target, score: Math.min(l.score, 0.3), cues: triggers }));
      }
      break;
    }
  });
  statements.forEach((statement, d) => {
    if (statement.stance !== 'ASSERTS' || links[d]!.length > 0) return;
    if (statement.verb === 'stood by') {
      links[d] = standsBy(statements, d, links);
      return;
    }
    const against = statement.answers;
    if (against !== undefined && against !== null && against !== d && !sameSpeaker(statements[against]!, statement)) {
      links[d] = [{ target: against, score: 0.3, cues: ['but'] }];
      return;
    }
    links[d] = negatedEcho(statements, d, documentFrequency, links, stemsOfText);
  });
  return links;
}

/** "Reuters stands by the story": it answers each denial of a claim of its own. */
function standsBy(statements: RebutInput[], d: number, links: RebutLink[][]): RebutLink[] {
  const publisher = statements[d]!;
  const denials = statements
    .map((s, i) => ({ s, i }))
    .filter(({ s, i }) => i !== d && s.stance === 'DENIES' && !sameSpeaker(s, publisher) && links[i]!.some((l) => sameSpeaker(statements[l.target]!, publisher)));
  return denials.map(({ i }) => ({ target: i, score: 0.5, cues: ['stands by'] }));
}

const NEGATION = /\b(?:not|no|never|nor|none|n't)\b|n't\b/i;

/**
 * "Beijing did not carry out vaccination among school students", said by
 * someone who denies a claim elsewhere in the article: a negated account
 * that repeats two or more of a claim's rarer words contradicts it.
 */
function negatedEcho(statements: RebutInput[], d: number, documentFrequency: Map<string, number>, links: RebutLink[][], stemsOfText: string[][]): RebutLink[] {
  const statement = statements[d]!;
  if (!NEGATION.test(statement.text)) return [];
  if (!statements.some((x, i) => i !== d && x.stance === 'DENIES' && sameSpeaker(x, statement))) return [];
  const words = new Set(stemsOfText[d]);
  let best: { target: number; shared: string[] } | null = null;
  statements.forEach((claim, c) => {
    if (c === d || claim.stance !== 'ASSERTS' || sameSpeaker(claim, statement)) return;
    const shared = stemsOfText[c]!.filter((w) => words.has(w) && (documentFrequency.get(w) ?? 0) <= 2);
    if (shared.length >= 2 && (!best || shared.length > best.shared.length)) best = { target: c, shared };
  });
  const found = best as { target: number; shared: string[] } | null;
  if (!found) return [];
  const cues = ['not', ...found.shared].slice(0, CUES_MAX);
  // The same speaker's denials answered other claims of that source too: the account answers them as well.
  const alsoDenied = new Set<number>();
  statements.forEach((x, i) => {
    if (i === d || x.stance !== 'DENIES' || !sameSpeaker(x, statement)) return;
    for (const l of links[i]!) if (l.target !== found.target && sameSpeaker(statements[l.target]!, statements[found.target]!)) alsoDenied.add(l.target);
  });
  return [found.target, ...[...alsoDenied].sort((a, b) => a - b)].map((target) => ({ target, score: Math.min(1, found.shared.length / 10), cues }));
}

/** For each denial, the indices of the statements it rebuts. */
export function linkRebuttals(statements: RebutInput[], body: string, documentFrequency: Map<string, number>): number[][] {
  return linkRebuttalsScored(statements, body, documentFrequency).map((l) => l.map((x) => x.target));
}
