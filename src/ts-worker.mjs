// Starts a worker thread whose code is TypeScript, for when the service runs
// from its sources (under vitest) rather than from dist/: Node cannot load
// .ts files itself. workerData.entry names the .ts module to run; the hooks
// in ts-hooks.mjs compile it, and the .ts files it imports, on the way in.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';

register('./ts-hooks.mjs', import.meta.url);
await import(workerData.entry);
