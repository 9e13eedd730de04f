import { align } from './fidelity.align.js';
import { changesOf, MEANING_CHANGES, type Change } from './fidelity.rules.js';
import { words } from './fidelity.tokens.js';

/**
 * How faithfully an outlet carried what was said:
 * - VERBATIM: the same words (case, quotes and punctuation aside);
 * - TRIMMED: words left out, none changed, and nothing left out that
 *   changes the meaning (a negation, a hedge);
 * - PARAPHRASED: other words, and no rule finds a change of meaning;
 * - ALTERED: a change of meaning a rule names: a negation added or dropped,
 *   a number, date or name changed, a hedge removed or added, an
 *   intensifier added.
 */
export type FidelityKind = 'VERBATIM' | 'TRIMMED' | 'PARAPHRASED' | 'ALTERED';

export interface Fidelity {
  kind: FidelityKind;
  /** Every difference, in the order of the words said; for ALTERED, the ones that changed the meaning come with the rule that fired. */
  changes: Change[];
}

/** Compares the words carried with the words said (stage 4: the stages in order, then the verdict). */
export function compareWording(said: string, carried: string): Fidelity {
  const alignment = align(words(said), words(carried));
  const changes = alignment.hunks.flatMap(changesOf);
  if (changes.length === 0) return { kind: 'VERBATIM', changes };
  if (changes.some((c) => MEANING_CHANGES.includes(c.kind))) return { kind: 'ALTERED', changes };
  if (changes.every((c) => c.kind === 'DROPPED')) return { kind: 'TRIMMED', changes };
  return { kind: 'PARAPHRASED', changes };
}
