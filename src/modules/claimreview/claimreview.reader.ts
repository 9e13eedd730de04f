import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/** A ClaimReview is a few kilobytes: a longer line is a broken file, and is not held in memory. */
export const MAX_LINE_BYTES = 8 * 1_048_576;
/** A JSON file is parsed whole, which takes several times its size in memory. */
export const MAX_JSON_FILE_BYTES = 64 * 1_048_576;
/** As the import's own unwrapping: nobody nests wrappers deeper. */
const MAX_NESTING = 4;
const CHUNK_BYTES = 1_048_576;

export type InputFormat = 'jsonl' | 'json';

/**
 * One record of the input: a JSONL line (`line` is its number, `start` and
 * `end` its byte offsets) or, in a JSON file, one ClaimReview (`line` is its
 * position from 1; offsets are 0). `documents` are what it holds once
 * wrappers are unwrapped; `bad` says why it holds nothing usable.
 */
export type Entry = { line: number; start: number; end: number } & ({ documents: unknown[] } | { bad: string });

/** Where to start reading: after line `line`, which ends at byte `offset` (JSONL). */
export interface ReadFrom {
  line: number;
  offset: number;
}

export interface ReadLimits {
  maxLineBytes?: number;
  maxJsonBytes?: number;
}

/** An input that cannot be read at all (missing, too large, not JSON): the import stops. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function formatOf(file: string): InputFormat {
  return /\.json$/i.test(file) ? 'json' : 'jsonl';
}

export interface Input {
  format: InputFormat;
  /** Lines (JSONL) or ClaimReviews (JSON) in the file. */
  total(): Promise<number>;
  entries(from?: ReadFrom): AsyncGenerator<Entry>;
}

export function openInput(file: string, format: InputFormat, limits: ReadLimits = {}): Input {
  if (format === 'jsonl') {
    return {
      format,
      total: () => countLines(file),
      entries: (from) => readJsonLines(file, from, limits.maxLineBytes),
    };
  }
  let parsed: Promise<unknown[]> | undefined;
  const documents = () => (parsed ??= readJsonFile(file, limits.maxJsonBytes));
  return {
    format,
    total: async () => (await documents()).length,
    async *entries(from) {
      const all = await documents();
      for (let i = from?.line ?? 0; i < all.length; i++) yield { line: i + 1, start: 0, end: 0, documents: [all[i]] };
    },
  };
}

/**
 * The ClaimReviews a document holds, each as the import would read it on its
 * own: arrays, `@graph` arrays (keeping only ClaimReview and DataFeed nodes,
 * as the import does) and DataFeeds (DataFeedItems give their `item`) are
 * opened. A wrapper that holds nothing is kept whole, so that the import
 * reports why. Sending reviews one by one keeps every batch within the
 * import's limit, and each outcome traceable to its line.
 */
export function flatten(value: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (depth > MAX_NESTING) throw new InputError(`wrappers nested more than ${MAX_NESTING} deep`);
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(value);
    for (const element of value) flatten(element, out, depth + 1);
    return out;
  }
  if (!isObject(value)) {
    out.push(value);
    return out;
  }
  if (Array.isArray(value['@graph'])) {
    const relevant = value['@graph'].filter((n) => isObject(n) && (typesOf(n).includes('ClaimReview') || typesOf(n).includes('DataFeed')));
    if (relevant.length === 0) out.push(value);
    for (const node of relevant) flatten(node, out, depth + 1);
    return out;
  }
  if (typesOf(value).includes('DataFeed')) {
    const raw = value.dataFeedElement;
    const elements = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (elements.length === 0) out.push(value);
    for (const element of elements) {
      flatten(isObject(element) && typesOf(element).includes('DataFeedItem') ? (element.item ?? null) : element, out, depth + 1);
    }
    return out;
  }
  out.push(value);
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typesOf(node: Record<string, unknown>): string[] {
  const raw = node['@type'];
  return (Array.isArray(raw) ? raw : [raw]).filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/:#]/, '').trim());
}

async function readJsonFile(file: string, maxBytes = MAX_JSON_FILE_BYTES): Promise<unknown[]> {
  const { size } = await statInput(file);
  if (size > maxBytes) {
    throw new InputError(
      `${file} is ${megabytes(size)}; a JSON file is read whole and may be at most ${megabytes(maxBytes)}. ` +
        "Convert it to JSON Lines (one document per line, named .jsonl), e.g. jq -c '.[]' or jq -c '.dataFeedElement[]', which is read as a stream.",
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return flatten(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
    throw new InputError(`${file} is not valid JSON (${(error as Error).message}); for one document per line, name it .jsonl or pass --format jsonl`);
  }
}

async function statInput(file: string) {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    return info;
  } catch (error) {
    throw new InputError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

/** Lines, counted from the bytes without decoding or keeping them. */
export async function countLines(file: string): Promise<number> {
  await statInput(file);
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

async function* readJsonLines(file: string, from: ReadFrom = { line: 0, offset: 0 }, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Entry> {
  for await (const raw of lines(file, from, maxLineBytes)) {
    const where = { line: raw.line, start: raw.start, end: raw.end };
    if (raw.text === undefined) {
      yield { ...where, bad: `longer than ${maxLineBytes} bytes (${raw.length} bytes)` };
      continue;
    }
    const text = (raw.start === 0 ? raw.text.replace(/^\uFEFF/, '') : raw.text).trim();
    if (text === '') continue;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      yield { ...where, bad: `not valid JSON: ${(error as Error).message.slice(0, 200)}` };
      continue;
    }
    try {
      yield { ...where, documents: flatten(document) };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      yield { ...where, bad: error.message };
    }
  }
}

type RawLine = { line: number; start: number; end: number; length: number; text: string | undefined };

/** Splits the file into lines as it streams; a line past the limit is counted, not kept. */
async function* lines(file: string, from: ReadFrom, maxLineBytes: number): AsyncGenerator<RawLine> {
  await statInput(file);
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let start = from.offset;
  let position = from.offset;
  let line = from.line;
  const take = (): RawLine => {
    const raw = { line: ++line, start, end: position, length, text: tooLong ? undefined : Buffer.concat(parts, length).toString('utf8') };
    parts = [];
    length = 0;
    tooLong = false;
    start = position;
    return raw;
  };
  for await (const chunk of createReadStream(file, { start: from.offset, highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    let i = 0;
    while (i < chunk.length) {
      const newline = chunk.indexOf(10, i);
      const stop = newline === -1 ? chunk.length : newline;
      length += stop - i;
      if (length > maxLineBytes) {
        tooLong = true;
        parts = [];
      } else {
        // Copied: a slice would keep the whole chunk alive with it.
        parts.push(Buffer.from(chunk.subarray(i, stop)));
      }
      position += stop - i;
      if (newline === -1) break;
      position += 1;
      yield take();
      i = newline + 1;
    }
  }
  if (length > 0 || tooLong) yield take();
}
