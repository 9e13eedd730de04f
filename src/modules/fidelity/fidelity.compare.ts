import type { Appearance } from '../../generated/prisma/client.js';
import { compareWording, type Fidelity as Compared, type FidelityKind } from './fidelity.classify.js';
import { MEANING_CHANGES, type Change } from './fidelity.rules.js';

/**
 * Which wording an appearance is compared with, and the comparison: pure,
 * so the benchmark's data generator classifies rows as the service does.
 */
export interface AppearanceFidelity {
  kind: FidelityKind;
  comparedWith: 'QUOTE' | 'FIRST_APPEARANCE';
  changes: Change[];
}

/** Changes listed per appearance (Fidelity.changes declares it to the cost analysis). */
export const CHANGES_MAX = 100;

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
export function fidelityOf(
  appearance: Pick<Appearance, 'id' | 'wording'>,
  quote: string | null,
  appearancesInOrder: Pick<Appearance, 'id' | 'wording'>[],
): AppearanceFidelity | null {
  if (appearance.wording == null) return null;
  let reference: string;
  let comparedWith: AppearanceFidelity['comparedWith'];
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
  const result: Compared = compareWording(reference, appearance.wording);
  return { kind: result.kind, comparedWith, changes: listed(result.changes) };
}
