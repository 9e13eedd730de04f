import { sendInBatches, START, type Cursor, type Send } from './claimreview.batcher.js';
import { Progress } from './claimreview.progress.js';
import { InputError, openInput, type InputFormat, type ReadLimits } from './claimreview.reader.js';
import { decideResume, fingerprint, loadState, saveState, type ImportState } from './claimreview.state.js';
import { emptyTotals, summarize, tally, type Summary } from './claimreview.summary.js';

/** Bad lines told on stderr as they are met; the summary counts them all. */
const WARNED_BAD_LINES = 20;

export interface RunOptions {
  file: string;
  format: InputFormat;
  statePath: string;
  /** Ignore the saved state. */
  restart: boolean;
  mode: 'api' | 'database';
  /** The service URL, or "database". */
  target: string;
  batchSize: number;
  send: Send;
  warn: (line: string) => void;
  /** Undefined: no progress at all (--quiet). */
  progress?: { tty?: (chunk: string) => void; line?: (text: string) => void; intervalMs?: number };
  now?: () => number;
  limits?: ReadLimits;
  /** Stops the run between two batches. */
  signal?: AbortSignal;
}

/**
 * Imports a file from where its last run stopped: after each applied batch
 * the state file records how far the file is done and what it did, so a
 * run stopped by anything (an error, Ctrl-C, a crash) is taken up after its
 * last applied batch. A changed file, or another target, starts over.
 * A failure once batches are under way is thrown as a RunError, which
 * carries the summary of what was done until then.
 */
export async function runImport(options: RunOptions): Promise<Summary> {
  const now = options.now ?? Date.now;
  const started = now();
  let current;
  try {
    current = await fingerprint(options.file);
  } catch (error) {
    throw new InputError(`Cannot read ${options.file}: ${(error as Error).message}`);
  }
  const saved = options.restart ? undefined : await loadState(options.statePath, options.warn);
  const decision = decideResume(saved, current, options.target);
  if (!decision.resume && decision.warning) options.warn(decision.warning);
  const state: ImportState = decision.resume
    ? decision.state
    : {
        version: 1,
        file: options.file,
        fingerprint: current,
        target: options.target,
        cursor: START,
        totals: emptyTotals(),
        complete: false,
        updatedAt: new Date(started).toISOString(),
      };
  const resumedAfter = state.totals.documents;
  const input = openInput(options.file, options.format, options.limits);
  const summary = (complete: boolean) =>
    summarize(state.totals, {
      file: options.file,
      mode: options.mode,
      target: options.target,
      complete,
      position: options.format === 'jsonl' ? 'line' : 'document',
      resumedAfter,
      elapsedSeconds: (now() - started) / 1000,
    });
  if (state.complete) {
    options.warn(`${options.file} was imported completely before (${options.statePath}): nothing to do; --restart imports it again`);
    return summary(true);
  }
  if (resumedAfter > 0 || state.cursor.line > 0) {
    options.warn(`Resuming after ${options.format === 'jsonl' ? 'line' : 'document'} ${state.cursor.line} (${resumedAfter} documents done before)`);
  }

  // Before any batch: a state that cannot be kept would make the import impossible to resume.
  try {
    await saveState(options.statePath, state);
  } catch (error) {
    throw new InputError(`Cannot write the import state ${options.statePath} (${(error as Error).message}): name a writable file with --state`);
  }

  const progress = options.progress
    ? new Progress({ ...options.progress, now, unit: options.format === 'jsonl' ? 'lines' : 'documents' })
    : undefined;
  // Counted alongside the import, so that a large file starts at once; the bar has a total once it is known.
  let total: number | undefined;
  if (progress) {
    input.total().then(
      (count) => (total = count),
      () => {},
    );
  }
  const startPosition = state.cursor.line;
  const positionName = options.format === 'jsonl' ? 'Line' : 'Document';
  let badThisRun = 0;
  const show = (cursor: Cursor) =>
    progress?.update({ position: cursor.line, total, startPosition, documents: state.totals.documents - resumedAfter });
  show(state.cursor);
  try {
    await sendInBatches(input.entries(state.cursor), state.cursor, {
      size: options.batchSize,
      send: options.send,
      signal: options.signal,
      shrunk: (size, reason) => options.warn(`The import refused a batch as too large (${reason}): sending ${size} at a time`),
      applied: async (batch) => {
        for (const piece of batch.pieces) {
          if (!('bad' in piece)) continue;
          if (++badThisRun <= WARNED_BAD_LINES) options.warn(`${positionName} ${piece.line} skipped: ${piece.bad}`);
          else if (badThisRun === WARNED_BAD_LINES + 1) options.warn('Further bad lines are only counted (see the summary)');
        }
        tally(state.totals, batch);
        state.cursor = batch.cursor;
        state.updatedAt = new Date(now()).toISOString();
        await saveState(options.statePath, state);
        show(batch.cursor);
      },
    });
  } catch (error) {
    progress?.finish();
    throw new RunError(error, summary(false));
  }
  state.complete = true;
  state.updatedAt = new Date(now()).toISOString();
  await saveState(options.statePath, state);
  progress?.finish();
  return summary(true);
}

/** A run that stopped: the cause, and what was done until then. */
export class RunError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly partial: Summary,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RunError';
  }
}
