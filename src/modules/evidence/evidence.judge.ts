import type { EvidenceResult } from '../../generated/prisma/enums.js';
import type { Fetched } from './evidence.fetch.js';

/** The first successful fetch of an evidence item: what every later check is compared with. */
export interface Baseline {
  finalUrl: string | null;
  sha256: string | null;
  truncated: boolean;
  fetchedAt: Date;
}

export interface Judgement {
  result: EvidenceResult;
  reason: string;
  /** This fetch becomes the snapshot. */
  baseline: boolean;
}

/** The results the desk is shown (verdictsWithRottenEvidence) and told about (EVIDENCE_ROTTED). */
export const ROTTEN: readonly EvidenceResult[] = ['GONE', 'CHANGED', 'MOVED'];

/**
 * What a fetch says about evidence, against its snapshot. The snapshot is
 * what the page was when the verdict was recorded (or the first time it
 * could be read since), so a page edited and edited back reads OK again, and
 * a page changed once stays CHANGED at every re-check until it is restored.
 */
export function judge(fetched: Fetched, baseline: Baseline | null, attempts: number): Judgement {
  if (fetched.kind === 'refused') return { result: 'REFUSED', reason: `Not fetched: ${fetched.error}.`, baseline: false };
  if (fetched.kind === 'failed') {
    return { result: 'GONE', reason: `${fetched.error}, ${attempts === 1 ? 'in the only attempt' : `in each of ${attempts} attempts`}.`, baseline: false };
  }
  if (!baseline) {
    return { result: 'OK', reason: `Snapshot: HTTP ${fetched.status}${fetched.truncated ? `, body cut at ${fetched.size} bytes` : ''}.`, baseline: true };
  }
  const since = `the snapshot of ${baseline.fetchedAt.toISOString()}`;
  const changed = fetched.sha256 !== baseline.sha256 || fetched.truncated !== baseline.truncated;
  if (baseline.finalUrl !== null && fetched.finalUrl !== baseline.finalUrl) {
    return {
      result: 'MOVED',
      reason: `It now ends at ${fetched.finalUrl}, not ${baseline.finalUrl} as in ${since}${changed ? '; its content differs too' : ''}.`,
      baseline: false,
    };
  }
  if (changed) return { result: 'CHANGED', reason: `Its content differs from ${since} (another SHA-256).`, baseline: false };
  return { result: 'OK', reason: `The same as ${since}.`, baseline: false };
}
