import type { Appearance } from '../../generated/prisma/client.js';
import { compareWording } from './fidelity.classify.js';
import { MEANING_CHANGES, type Change } from './fidelity.rules.js';
import { CHANGES_MAX, type Fidelity, type FidelityKind, type WordingChangeKind } from './fidelity.type.js';

/** Past this many characters a side, wordings are not compared (an appearance's wording is bounded when written, a quote too). */
const COMPARE_MAX = 20_000;

/** At most CHANGES_MAX, in order, keeping every change of meaning first: an ALTERED always shows why. */
function listed(changes: Change[]): Change[] {
  if (changes.length <= CHANGES_MAX) return changes;
  const meaning = changes.filter((c) => MEANING_CHANGES.includes(c.kind)).slice(0, CHANGES_MAX);
  const kept = new Set(meaning);
  for (const c of changes) if (kept.size < CHANGES_MAX) kept.add(c);
  return changes.filter((c) => kept.has(c));
}

/**
 * The fidelity of one appearance's wording: against the statement's quote
 * when there is one, else against the first appearance's wording (the
 * earliest published, then the earliest recorded, as `appearances` lists
 * them). Null when there is nothing to compare: no wording, or it is the
 * first appearance itself and there is no quote.
 */
export function fidelityOf(appearance: Appearance, quote: string | null, appearancesInOrder: Appearance[]): Fidelity | null {
  if (appearance.wording == null) return null;
  let reference: string;
  let comparedWith: Fidelity['comparedWith'];
  if (quote != null) {
    reference = quote;
    comparedWith = 'QUOTE';
  } else {
    const first = appearancesInOrder.find((a) => a.wording != null);
    if (!first || first.id === appearance.id) return null;
    reference = first.wording!;
    comparedWith = 'FIRST_APPEARANCE';
  }
  if (reference.length > COMPARE_MAX || appearance.wording.length > COMPARE_MAX) return null;
  const result = compareWording(reference, appearance.wording);
  return {
    kind: result.kind as FidelityKind,
    comparedWith,
    changes: listed(result.changes).map((c) => ({ ...c, kind: c.kind as WordingChangeKind })),
  };
}
