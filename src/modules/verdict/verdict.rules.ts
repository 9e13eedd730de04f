import type { EvidenceStance, VerificationStatus } from '../../generated/prisma/enums.js';

/**
 * The rules a verdict must meet, as pure functions: the service enforces
 * them, the tests exercise them directly, and the database repeats the
 * rationale rule as a CHECK constraint.
 */

/** Statuses that record work in progress rather than a finding. */
export const PROVISIONAL_STATUSES: ReadonlySet<VerificationStatus> = new Set(['UNVERIFIED', 'IN_REVIEW']);

export function isFinding(status: VerificationStatus): boolean {
  return !PROVISIONAL_STATUSES.has(status);
}

export interface VerdictDraft {
  status: VerificationStatus;
  rationale: string | null;
  evidence: { url: string; title: string | null; stance: EvidenceStance }[];
  /** When the finding is due for review; null: never (and always for provisional statuses). */
  reviewAfter?: Date | null;
  /** Or: this many days after the verdict is recorded (its default, from REVIEW_AFTER_DAYS). */
  reviewAfterDays?: number;
  /** Queue the evidence URLs for fetching (not for the demo story, which must not reach the internet). */
  fetchEvidence?: boolean;
}

/** The status's default days to review from REVIEW_AFTER_DAYS; undefined for provisional statuses and findings that never go stale. */
export function defaultReviewDays(status: VerificationStatus, afterDays: Readonly<Partial<Record<string, number>>>): number | undefined {
  return isFinding(status) ? afterDays[status] || undefined : undefined;
}

export interface RuleViolation {
  field: string;
  message: string;
}

export const MAX_EVIDENCE = 20;

/** Problems with a verdict, empty when it may be recorded. */
export function verdictViolations(draft: VerdictDraft): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (isFinding(draft.status)) {
    if (!draft.rationale) {
      problems.push({ field: 'rationale', message: `A ${draft.status} verdict needs a rationale: say why` });
    }
    if (draft.evidence.length === 0) {
      problems.push({ field: 'evidence', message: `A ${draft.status} verdict needs at least one piece of evidence` });
    }
  }
  if (draft.evidence.length > MAX_EVIDENCE) {
    problems.push({ field: 'evidence', message: `A verdict takes at most ${MAX_EVIDENCE} pieces of evidence` });
  }
  const seen = new Set<string>();
  for (const item of draft.evidence) {
    if (seen.has(item.url)) problems.push({ field: 'evidence', message: `Evidence ${item.url} is listed twice` });
    seen.add(item.url);
  }
  return problems;
}

/**
 * The status a statement had at a moment, from its verdict history: the
 * latest verdict recorded at or before it, UNVERIFIED when none was yet, and
 * null before the statement itself was recorded.
 */
export function statusAt(
  verdicts: readonly { status: VerificationStatus; createdAt: Date }[],
  recordedAt: Date,
  at: Date,
): VerificationStatus | null {
  if (at < recordedAt) return null;
  let latest: { status: VerificationStatus; createdAt: Date } | undefined;
  for (const verdict of verdicts) {
    if (verdict.createdAt <= at && (!latest || verdict.createdAt >= latest.createdAt)) latest = verdict;
  }
  return latest?.status ?? 'UNVERIFIED';
}
