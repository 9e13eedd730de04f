import { createHash } from 'node:crypto';
import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { Cursor } from './claimreview.batcher.js';
import type { Totals } from './claimreview.summary.js';

/** Enough of the file to tell an edited copy from the one imported, without reading it all. */
const HEAD_BYTES = 65_536;

/** Which file, as it was: an edit, a replacement or an append all change it. */
export interface Fingerprint {
  size: number;
  mtimeMs: number;
  head: string;
}

/** What `<file>.import-state.json` holds after each applied batch. */
export interface ImportState {
  version: 1;
  file: string;
  fingerprint: Fingerprint;
  /** The service URL, or "database": a run elsewhere starts over. */
  target: string;
  cursor: Cursor;
  /** Everything done so far, across runs. */
  totals: Totals;
  complete: boolean;
  updatedAt: string;
}

export function defaultStatePath(file: string): string {
  return `${file}.import-state.json`;
}

export async function fingerprint(file: string): Promise<Fingerprint> {
  const info = await stat(file);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { size: info.size, mtimeMs: info.mtimeMs, head: createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex') };
  } finally {
    await handle.close();
  }
}

/** The saved state; undefined when there is none. A state file that cannot be read is reported, and ignored. */
export async function loadState(path: string, warn: (line: string) => void): Promise<ImportState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    warn(`Cannot read the import state ${path} (${(error as Error).message}): starting from the beginning`);
    return undefined;
  }
  try {
    const state = JSON.parse(text) as ImportState;
    if (state.version !== 1 || typeof state.cursor?.line !== 'number' || typeof state.totals?.documents !== 'number') throw new Error('not an import state');
    return state;
  } catch (error) {
    warn(`The import state ${path} is unreadable (${(error as Error).message}): starting from the beginning`);
    return undefined;
  }
}

/** Written aside and renamed over the old one, so that an interrupted write never leaves half a state. */
export async function saveState(path: string, state: ImportState): Promise<void> {
  const aside = `${path}.${process.pid}.tmp`;
  await writeFile(aside, `${JSON.stringify(state, null, 2)}\n`);
  await rename(aside, path);
}

export type ResumeDecision = { resume: true; state: ImportState } | { resume: false; warning?: string };

/** Whether a saved state applies to this file, as it is now, and this target. */
export function decideResume(state: ImportState | undefined, current: Fingerprint, target: string): ResumeDecision {
  if (!state) return { resume: false };
  const same = state.fingerprint.size === current.size && state.fingerprint.mtimeMs === current.mtimeMs && state.fingerprint.head === current.head;
  if (!same) {
    return { resume: false, warning: 'The file changed since the last import of it: starting over (reviews imported before come back MATCHED)' };
  }
  if (state.target !== target) {
    return { resume: false, warning: `The last import of this file went to ${state.target}, not ${target}: starting over` };
  }
  return { resume: true, state };
}
