/**
 * Load generation and measurement: wrk for the read scenarios (the same
 * driver, connections and duration for every server), a small closed-loop
 * client for setVerdict (each write needs the version the previous one
 * returned, which wrk cannot carry), and a sampler of a process's RSS.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** Requests that failed: transport errors, non-2xx, or a GraphQL `errors` member in the answer. */
  errors: number;
  /** What the first few distinct failures were (status and error code, or the transport error), so a failed run says why. */
  failures?: string[];
}

export function wrkVersion(): string | undefined {
  const result = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (result.error) return undefined;
  return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim();
}

/** A Lua script that POSTs one body and reports as one JSON line; answers carrying "errors" count as failures. */
function wrkScript(body: string, headers: Record<string, string>, method = 'POST'): string {
  const long = (text: string) => {
    let level = '';
    while (text.includes(`]${level}]`)) level += '=';
    return `[${level}[${text}]${level}]`;
  };
  return `
wrk.method = "${method}"
${method === 'GET' ? '' : `wrk.body = ${long(body)}`}
${Object.entries(headers)
  .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
  .join('\n')}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function response(status, headers, body)
  if string.find(body, '"errors"', 1, true) then failed = failed + 1 end
end
function done(summary, latency, requests)
  local answered_with_errors = 0
  for _, thread in ipairs(threads) do answered_with_errors = answered_with_errors + thread:get("failed") end
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"us":%d,"p50":%d,"p95":%d,"p99":%d,"errors":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    answered_with_errors + e.connect + e.read + e.write + e.status + e.timeout))
end
`;
}

export interface WrkOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  scriptPath: string;
  /** POST by default; a GET sends no body (its document is in the URL). */
  method?: 'GET' | 'POST';
}

/**
 * Runs wrk in a child process without blocking this one, so that samplers
 * (sampleRss) keep running while the load does.
 */
export async function runWrk(options: WrkOptions): Promise<LoadResult> {
  writeFileSync(options.scriptPath, wrkScript(options.body, { 'content-type': 'application/json', ...options.headers }, options.method));
  const { stdout: output } = await execFileAsync(
    'wrk',
    ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s', options.scriptPath, options.url],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const line = output.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${output}`);
  const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as { requests: number; us: number; p50: number; p95: number; p99: number; errors: number };
  const seconds = raw.us / 1e6;
  return {
    requests: raw.requests,
    seconds,
    rps: raw.requests / seconds,
    p50: raw.p50 / 1000,
    p95: raw.p95 / 1000,
    p99: raw.p99 / 1000,
    errors: raw.errors,
  };
}

/** The value at a percentile of sorted numbers (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** For load: connections stay open between requests, as wrk's do. */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 256 });
/**
 * For single requests between runs: a kept-alive connection idle for longer
 * than the server's keep-alive timeout may be closed just as it is reused.
 */
const fresh = new http.Agent({ keepAlive: false });

/** One POST with a JSON body; resolves to the parsed answer. */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  agent: http.Agent = fresh,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) });
          } catch {
            reject(new Error(`not JSON (HTTP ${response.statusCode}): ${text.slice(0, 300)}`));
          }
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * A closed loop of `connections` clients, each sending the next request as
 * soon as its previous answer arrives, for `seconds`. `next(worker)` builds
 * a request; `check(worker, answer)` says whether it succeeded (and may
 * update the worker's state from it).
 */
export async function closedLoop(options: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  next: (worker: number) => string;
  check: (worker: number, answer: unknown) => boolean;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const failures = new Map<string, number>();
  const started = performance.now();
  const ends = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, worker) => {
      while (performance.now() < ends) {
        const sent = performance.now();
        try {
          const answer = await postJson(options.url, options.next(worker), options.headers, keepAlive);
          latencies.push(performance.now() - sent);
          if (answer.status !== 200 || !options.check(worker, answer.json)) {
            errors++;
            noteFailure(failures, `HTTP ${answer.status} ${describeErrors(answer.json)}`);
          }
        } catch (error) {
          errors++;
          noteFailure(failures, (error as Error).message);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors,
    failures: [...failures].map(([what, n]) => `${n}× ${what}`),
  };
}

/** Counts a failure by kind, keeping at most a few kinds. */
function noteFailure(failures: Map<string, number>, what: string): void {
  if (failures.has(what)) failures.set(what, failures.get(what)! + 1);
  else if (failures.size < 5) failures.set(what, 1);
}

/** The first GraphQL error of an answer: its code and the start of its message. */
function describeErrors(json: unknown): string {
  const first = (json as { errors?: { message?: string; extensions?: { code?: string } }[] } | undefined)?.errors?.[0];
  if (!first) return 'no data';
  return `${first.extensions?.code ?? 'error'}: ${String(first.message ?? '').slice(0, 120)}`;
}

/** Samples a process's resident set size until stopped; resolves to the peak in MB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // The process ended; the peak so far stands.
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peak;
    },
  };
}
