import type { Batch } from './claimreview.batcher.js';

/** Reasons kept by name; a file with more kinds of fault counts the rest together. */
const MAX_REASONS = 50;
const OTHER_REASONS = '(other reasons)';
/** Lines listed by number. */
const FIRST_LINES = 10;

/** What an import of a file has done, across runs. */
export interface Totals {
  documents: number;
  created: number;
  matched: number;
  skipped: number;
  badLines: number;
  /** Skip reason to count. */
  reasons: Record<string, number>;
  firstSkipped: { line: number; reason: string }[];
  firstBad: { line: number; reason: string }[];
}

export function emptyTotals(): Totals {
  return { documents: 0, created: 0, matched: 0, skipped: 0, badLines: 0, reasons: {}, firstSkipped: [], firstBad: [] };
}

/** Adds an applied batch; its items are matched to the documents by index. */
export function tally(totals: Totals, batch: Batch): void {
  const sent = batch.pieces.filter((piece) => 'document' in piece);
  for (const piece of batch.pieces) {
    if ('bad' in piece) {
      totals.badLines++;
      if (totals.firstBad.length < FIRST_LINES) totals.firstBad.push({ line: piece.line, reason: piece.bad });
    }
  }
  totals.documents += sent.length;
  for (const item of batch.result.items) {
    if (item.outcome === 'CREATED') totals.created++;
    else if (item.outcome === 'MATCHED') totals.matched++;
    else {
      totals.skipped++;
      const reason = item.reason ?? 'no reason given';
      const key = reason in totals.reasons || Object.keys(totals.reasons).length < MAX_REASONS ? reason : OTHER_REASONS;
      totals.reasons[key] = (totals.reasons[key] ?? 0) + 1;
      const line = sent[item.index]?.line;
      if (line !== undefined && totals.firstSkipped.length < FIRST_LINES) totals.firstSkipped.push({ line, reason });
    }
  }
}

export interface Summary {
  file: string;
  /** "api" (with its URL) or "database". */
  mode: 'api' | 'database';
  target: string;
  complete: boolean;
  /** What the numbers of `firstSkipped` and `firstBadLines` count: lines (JSONL) or ClaimReviews (JSON). */
  position: 'line' | 'document';
  /** Documents done by earlier runs this one resumed after. */
  resumedAfter: number;
  created: number;
  matched: number;
  skipped: number;
  skipReasons: { reason: string; count: number }[];
  firstSkipped: { line: number; reason: string }[];
  badLines: number;
  firstBadLines: { line: number; reason: string }[];
  /** Documents sent by this run. */
  documents: number;
  elapsedSeconds: number;
  documentsPerSecond: number;
}

export function summarize(
  totals: Totals,
  run: Pick<Summary, 'file' | 'mode' | 'target' | 'complete' | 'position' | 'resumedAfter' | 'elapsedSeconds'>,
): Summary {
  const documents = totals.documents - run.resumedAfter;
  return {
    ...run,
    created: totals.created,
    matched: totals.matched,
    skipped: totals.skipped,
    skipReasons: Object.entries(totals.reasons)
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    firstSkipped: totals.firstSkipped,
    badLines: totals.badLines,
    firstBadLines: totals.firstBad,
    documents,
    elapsedSeconds: Math.round(run.elapsedSeconds * 10) / 10,
    documentsPerSecond: run.elapsedSeconds > 0 ? Math.round((documents / run.elapsedSeconds) * 10) / 10 : 0,
  };
}

const SHOWN_REASONS = 5;

export function formatSummary(summary: Summary): string[] {
  const n = (value: number) => value.toLocaleString('en-US');
  const at = (list: { line: number }[]) => list.map((entry) => `${summary.position} ${entry.line}`).join(', ');
  const lines = [
    `${summary.complete ? 'Imported' : 'Stopped importing'} ${summary.file} ${summary.mode === 'api' ? `through ${summary.target}` : 'into the database'}` +
      (summary.resumedAfter > 0 ? ` (resumed after ${n(summary.resumedAfter)} documents done before)` : ''),
    `  created   ${n(summary.created)}`,
    `  matched   ${n(summary.matched)}`,
    `  skipped   ${n(summary.skipped)}`,
  ];
  for (const { reason, count } of summary.skipReasons.slice(0, SHOWN_REASONS)) lines.push(`    ${n(count).padStart(7)}  ${reason}`);
  if (summary.skipReasons.length > SHOWN_REASONS) lines.push(`    and ${summary.skipReasons.length - SHOWN_REASONS} other reasons`);
  if (summary.firstSkipped.length > 0) lines.push(`    first skipped: ${at(summary.firstSkipped)}`);
  lines.push(`  bad lines ${n(summary.badLines)}${summary.firstBadLines.length > 0 ? ` (first: ${at(summary.firstBadLines)})` : ''}`);
  lines.push(`  ${n(summary.documents)} documents this run in ${formatDuration(summary.elapsedSeconds)} (${summary.documentsPerSecond} documents/s)`);
  return lines;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${seconds < 10 ? seconds.toFixed(1) : s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${rest}s` : `${m}m${rest}s`;
}
