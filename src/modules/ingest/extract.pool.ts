/**
 * Articles are read in worker threads, never on the main thread: compromise
 * can spend seconds on one hostile article, and the event loop must keep
 * answering /health and every other request meanwhile. A bounded number of
 * workers read one article each; a bounded queue waits for them; a job past
 * its time is ended by terminating its worker (synchronous code cannot be
 * interrupted any other way), and a worker is bounded in memory too.
 */
import { Worker } from 'node:worker_threads';
import { ArticleTooComplexError, ServiceUnavailableError } from '../../errors.js';
import type { ExtractInput, ExtractLimits, ExtractResult } from './extract.js';
import type { WorkerJob, WorkerReply } from './extract.worker.js';

export interface PoolSettings {
  /** Articles read at once, one per worker thread. */
  workers: number;
  /** Articles waiting for a worker; past that, SERVICE_UNAVAILABLE at once. */
  queueMax: number;
  /** How long one article may take, from the moment a worker starts on it. */
  timeoutMs: number;
  /** A worker's heap limit (V8's old generation). */
  memoryMb: number;
  /** How long an idle worker keeps its lexicon loaded before it exits. */
  idleMs?: number;
}

interface Pending {
  job: WorkerJob;
  resolve(result: ExtractResult): void;
  reject(error: unknown): void;
}

interface Thread {
  worker: Worker;
  /** Settles when the worker has loaded the lexicon, or failed to. */
  ready: Promise<void>;
  idleTimer?: NodeJS.Timeout;
}

// From dist/ the worker is compiled JavaScript beside this file; from the
// sources (vitest) a bootstrap compiles its TypeScript on load.
const FROM_SOURCES = import.meta.url.endsWith('.ts');

function spawnWorker(memoryMb: number): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: memoryMb } };
  if (!FROM_SOURCES) return new Worker(new URL('./extract.worker.js', import.meta.url), options);
  return new Worker(new URL('../../ts-worker.mjs', import.meta.url), {
    ...options,
    workerData: { entry: new URL('./extract.worker.ts', import.meta.url).href },
  });
}

export class ExtractionPool {
  private readonly idle: Thread[] = [];
  private readonly queue: Pending[] = [];
  private busy = 0;

  constructor(private readonly settings: PoolSettings) {}

  /** The article's candidates and warnings, read in a worker. */
  extract(input: ExtractInput, limits: ExtractLimits): Promise<ExtractResult> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { job: { input, limits }, resolve, reject };
      if (this.busy < this.settings.workers) void this.start(pending);
      else if (this.queue.length < this.settings.queueMax) this.queue.push(pending);
      else {
        reject(
          new ServiceUnavailableError(
            `Too many articles are being read (${this.settings.workers} at a time, ${this.settings.queueMax} waiting); try again shortly`,
            { workers: this.settings.workers, queueMax: this.settings.queueMax },
          ),
        );
      }
    });
  }

  /** Ends idle workers and refuses what waits; a job running finishes first. */
  async close(): Promise<void> {
    for (const pending of this.queue.splice(0)) pending.reject(new ServiceUnavailableError('The service is shutting down'));
    await Promise.all(this.idle.splice(0).map((thread) => this.end(thread)));
  }

  private async start(pending: Pending): Promise<void> {
    this.busy++;
    try {
      const thread = this.idle.pop() ?? this.spawn();
      pending.resolve(await this.run(thread, pending.job));
    } catch (error) {
      pending.reject(error);
    } finally {
      this.busy--;
      const next = this.queue.shift();
      if (next) void this.start(next);
    }
  }

  private spawn(): Thread {
    const worker = spawnWorker(this.settings.memoryMb);
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if (reply.type !== 'ready') return;
        worker.off('error', onError).off('exit', onExit).off('message', onMessage);
        resolve();
      };
      const onError = (error: Error) => reject(new Error(`The article reader failed to start: ${error.message}`, { cause: error }));
      const onExit = (code: number) => reject(new Error(`The article reader exited with code ${code} while starting`));
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
    });
    // Reported through the job that waits on it.
    ready.catch(() => {});
    const thread: Thread = { worker, ready };
    // A worker's own failure is reported by the job it was running; one that
    // ends while idle just leaves the pool.
    worker.on('error', () => {});
    worker.once('exit', () => {
      clearTimeout(thread.idleTimer);
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return thread;
  }

  private async run(thread: Thread, job: WorkerJob): Promise<ExtractResult> {
    const { worker } = thread;
    clearTimeout(thread.idleTimer);
    // Held open while it works: a command-line ingest has nothing else to wait on.
    worker.ref();
    await thread.ready;
    const { timeoutMs, memoryMb } = this.settings;
    return new Promise<ExtractResult>((resolve, reject) => {
      let settled = false;
      const settle = (keep: boolean, outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keep) this.release(thread);
        else void worker.terminate();
        outcome();
      };
      const timer = setTimeout(() => {
        settle(false, () =>
          reject(new ArticleTooComplexError(`Reading this article took longer than ${timeoutMs} ms, so it was not stored; send it in smaller parts`, { timeoutMs })),
        );
      }, timeoutMs);
      const onMessage = (reply: WorkerReply) => {
        if (reply.type === 'done') settle(true, () => resolve(reply.result));
        else if (reply.type === 'failed') settle(true, () => reject(failure(reply)));
      };
      const onError = (error: Error & { code?: string }) => {
        settle(false, () =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ArticleTooComplexError(`Reading this article needed more than ${memoryMb} MB, so it was not stored; send it in smaller parts`, { memoryMb })
              : error,
          ),
        );
      };
      const onExit = (code: number) => settle(false, () => reject(new Error(`The article reader exited with code ${code}`)));
      worker.on('message', onMessage).once('error', onError).once('exit', onExit);
      worker.postMessage(job);
    });
  }

  private release(thread: Thread): void {
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => void this.end(thread), this.settings.idleMs ?? 60_000).unref();
    this.idle.push(thread);
  }

  private async end(thread: Thread): Promise<void> {
    clearTimeout(thread.idleTimer);
    await thread.worker.terminate();
  }
}

function failure(reply: Extract<WorkerReply, { type: 'failed' }>): Error {
  // Recursion too deep for the worker's stack: the input's shape, not a bug.
  if (reply.name === 'RangeError' && /call stack/i.test(reply.message)) {
    return new ArticleTooComplexError('This article is nested too deeply to read, so it was not stored');
  }
  const error = new Error(`Extraction failed: ${reply.name}: ${reply.message}`);
  if (reply.stack) error.stack = reply.stack;
  return error;
}

const shared = new Map<string, ExtractionPool>();

/** One pool per process for each group of settings (tests start servers with their own). */
export function extractionPool(settings: PoolSettings): ExtractionPool {
  const key = JSON.stringify(settings);
  let pool = shared.get(key);
  if (!pool) {
    pool = new ExtractionPool(settings);
    shared.set(key, pool);
  }
  return pool;
}
