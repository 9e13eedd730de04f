import type { Word } from './fidelity.tokens.js';

/**
 * Stage 2: the two wordings aligned word by word (a longest common
 * subsequence of word keys). What lies between two shared runs is a hunk:
 * words said and not carried, words carried and not said, or both.
 */
export interface Hunk {
  said: Word[];
  carried: Word[];
}

export interface Alignment {
  /** Words both wordings have, in order. */
  shared: number;
  hunks: Hunk[];
}

/** Past this many words a side, the quadratic table is not built: the wordings are compared as unaligned. */
export const ALIGN_MAX_WORDS = 2000;

export function align(said: Word[], carried: Word[]): Alignment {
  if (said.length > ALIGN_MAX_WORDS || carried.length > ALIGN_MAX_WORDS) {
    return { shared: 0, hunks: [{ said, carried }] };
  }
  const n = said.length;
  const m = carried.length;
  // lcs[i][j]: the longest common subsequence of said[i..] and carried[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        said[i]!.key === carried[j]!.key ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const hunks: Hunk[] = [];
  let open: Hunk | null = null;
  let shared = 0;
  let i = 0;
  let j = 0;
  const hunk = () => (open ??= { said: [], carried: [] });
  while (i < n || j < m) {
    if (i < n && j < m && said[i]!.key === carried[j]!.key) {
      if (open) hunks.push(open);
      open = null;
      shared++;
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      hunk().said.push(said[i]!);
      i++;
    } else {
      hunk().carried.push(carried[j]!);
      j++;
    }
  }
  if (open) hunks.push(open);
  return { shared, hunks };
}
