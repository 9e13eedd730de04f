/**
 * A worker thread that reads articles: it loads the NLP lexicon and reads
 * one paragraph to warm it, says it is ready, then answers each job with
 * the extraction or the error. The pool (extract.pool.ts) owns its life: it
 * terminates it when a job runs past its time.
 */
import { parentPort } from 'node:worker_threads';
import { extractArticle, type ExtractInput, type ExtractLimits } from './extract.js';

export interface WorkerJob {
  input: ExtractInput;
  limits: ExtractLimits;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; result: ReturnType<typeof extractArticle> }
  | { type: 'failed'; name: string; message: string; stack?: string };

/** A paragraph that goes through every stage: a quote, a date, a carrier, a denial. */
const WARM_UP =
  '“The bridge will reopen on Monday,” the mayor, Ana Ruiz, told Reuters on Tuesday. The ministry denied the report, saying it was false.';

const port = parentPort;
if (!port) throw new Error('extract.worker runs as a worker thread');

port.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = { type: 'done', result: extractArticle(job.input, job.limits) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { type: 'failed', name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  }
  port.postMessage(reply);
});
// compromise builds its match nets and caches on its first call, which
// took seconds on a loaded machine: that is done here, before the pool
// starts a job's clock, so no article pays for a new worker.
extractArticle({ body: WARM_UP, publishedAt: new Date(Date.UTC(2024, 2, 13)), language: 'en' });
port.postMessage({ type: 'ready' } satisfies WorkerReply);
