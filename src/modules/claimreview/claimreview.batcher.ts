import type { Entry, ReadFrom } from './claimreview.reader.js';

/** What one call of the import answers (the `importClaimReviews` result). */
export interface BatchResult {
  created: number;
  matched: number;
  skipped: number;
  items: { index: number; reviewUrl: string | null; outcome: string; reason: string | null }[];
}

/** Sends documents to the import; throws BatchTooLargeError when they are too many or too big for one call. */
export type Send = (documents: unknown[]) => Promise<BatchResult>;

/** The import refused a batch for its size; `max` is the most it takes, when it says. */
export class BatchTooLargeError extends Error {
  constructor(
    message: string,
    readonly max?: number,
  ) {
    super(message);
    this.name = 'BatchTooLargeError';
  }
}

/**
 * Where the import stands: every line up to `line` (ending at byte `offset`)
 * is done, and the first `leaf` documents of the next one.
 */
export interface Cursor extends ReadFrom {
  leaf: number;
}

export const START: Cursor = { line: 0, offset: 0, leaf: 0 };

/** Lines that hold no document are recorded with a batch; a run of them is not kept in memory past this. */
const MAX_WAITING = 10_000;

/** One ClaimReview to send, or a line that holds none. */
export type Piece = { line: number } & ({ document: unknown } | { bad: string });

export interface Batch {
  pieces: Piece[];
  /** Sent and answered; its items match the pieces with a document, in order. */
  result: BatchResult;
  /** Where the import stands once this batch is done. */
  cursor: Cursor;
}

export interface BatchOptions {
  /** Documents per call to begin with. */
  size: number;
  send: Send;
  /** Called after each batch is applied, before the next is sent. */
  applied(batch: Batch): Promise<void>;
  /** Called when the batch size goes down. */
  shrunk?(size: number, reason: string): void;
  /** Once aborted, no further batch is sent: the one under way is finished and applied first. */
  signal?: AbortSignal;
}

/** Stopped on request (Ctrl-C) between two batches. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted after the last batch applied');
    this.name = 'InterruptedError';
  }
}

/**
 * Sends the entries' documents in batches of `size`, from `from`. A batch
 * refused as too large is split (to the size the import names, else half)
 * and the rest of the run keeps the smaller size; a single document refused
 * for its size is reported as skipped, not sent again. Lines that hold
 * nothing go with the batch they fall in, so that each is counted once.
 */
export async function sendInBatches(entries: AsyncIterable<Entry>, from: Cursor, options: BatchOptions): Promise<void> {
  let size = Math.max(1, options.size);
  const waiting: { piece: Piece; after: Cursor }[] = [];
  let documents = 0;

  const flush = async (all: boolean) => {
    while (all ? waiting.length > 0 : documents >= size || waiting.length >= MAX_WAITING) {
      if (options.signal?.aborted) throw new InterruptedError();
      const count = cut(waiting, size);
      const taken = waiting.slice(0, count);
      const toSend = taken.flatMap(({ piece }) => ('document' in piece ? [piece.document] : []));
      let result: BatchResult;
      try {
        result = toSend.length === 0 ? { created: 0, matched: 0, skipped: 0, items: [] } : await options.send(toSend);
      } catch (error) {
        if (!(error instanceof BatchTooLargeError)) throw error;
        if (toSend.length > 1) {
          size = Math.max(1, Math.min(error.max !== undefined && error.max < toSend.length ? error.max : Math.floor(toSend.length / 2), toSend.length - 1));
          options.shrunk?.(size, error.message);
          continue;
        }
        result = { created: 0, matched: 0, skipped: 1, items: [{ index: 0, reviewUrl: null, outcome: 'SKIPPED', reason: `too large to send: ${error.message}` }] };
      }
      waiting.splice(0, count);
      documents -= toSend.length;
      await options.applied({ pieces: taken.map(({ piece }) => piece), result, cursor: taken.at(-1)!.after });
    }
  };

  for await (const entry of entries) {
    if ('bad' in entry) {
      waiting.push({ piece: { line: entry.line, bad: entry.bad }, after: { line: entry.line, offset: entry.end, leaf: 0 } });
    } else {
      const skip = entry.line === from.line + 1 ? from.leaf : 0;
      for (let leaf = skip; leaf < entry.documents.length; leaf++) {
        const last = leaf === entry.documents.length - 1;
        const after = last ? { line: entry.line, offset: entry.end, leaf: 0 } : { line: entry.line - 1, offset: entry.start, leaf: leaf + 1 };
        waiting.push({ piece: { line: entry.line, document: entry.documents[leaf] }, after });
        documents++;
      }
    }
    await flush(false);
  }
  await flush(true);
}

/** How many waiting pieces make the next batch: up to `size` documents, with the empty lines among them. */
function cut(waiting: { piece: Piece }[], size: number): number {
  let documents = 0;
  for (let i = 0; i < waiting.length; i++) {
    if ('document' in waiting[i]!.piece && ++documents === size) return i + 1;
  }
  return waiting.length;
}
