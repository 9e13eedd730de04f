import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, expect } from 'vitest';
import { parseConfig } from '../../../src/config.js';
import { createDb } from '../../../src/db/client.js';
import type { Role } from '../../../src/generated/prisma/enums.js';
import { systemActor } from '../../../src/modules/auth/actor.js';
import { createServices } from '../../../src/services.js';
import { freePort } from './postgres.js';
import { parseGlobalId } from '../../../src/ids.js';

/**
 * The real service, `node dist/src/main.js`, as a child process: the same
 * start-up, pool, error translation and SIGTERM handling as in production.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(PROJECT_ROOT, 'dist/src/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (`npx tsc -p .`) when it is missing or older than the sources, as `npm start` would. */
export function ensureBuilt(): void {
  const sources = Math.max(newestMtime(path.join(PROJECT_ROOT, 'src')), newestMtime(path.join(PROJECT_ROOT, 'scripts')));
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  const result = spawnSync('npx', ['tsc', '-b', 'tsconfig.json'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) {
    throw new Error(`npx tsc -b tsconfig.json failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface Reply {
  status: number;
  body: GraphQLBody;
  text: string;
  ms: number;
  requestId: string | null;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Service {
  readonly port: number;
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Every line the process wrote to stdout / stderr so far. */
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exited: Exit | null;
  gql(query: string, variables?: Record<string, unknown>, options?: { key?: string; operationName?: string; timeoutMs?: number }): Promise<Reply>;
  get(pathname: string): Promise<{ status: number; text: string; ms: number; headers: Headers }>;
  /** Resolves when the process has exited. */
  exit: Promise<Exit>;
  /** SIGKILLs it if it still runs. */
  kill(): Promise<void>;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
}

/** Starts `node dist/src/main.js` and waits until /health answers. */
export async function startService(env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<Service> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
    // Load from one address: tests of the limits set their own.
    RATE_LIMIT_RPM: '1000000',
    // Tests' evidence links are made up: nothing may reach the internet.
    EVIDENCE_FETCH: 'false',
    ...env,
  };
  const child = spawn(process.execPath, [MAIN], { cwd: PROJECT_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const collect = (stream: NodeJS.ReadableStream, into: string[]) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      into.push(...lines.filter((line) => line !== ''));
    });
    stream.on('end', () => {
      if (partial) into.push(partial);
      partial = '';
    });
  };
  collect(child.stdout!, stdout);
  collect(child.stderr!, stderr);
  let exited: Exit | null = null;
  const exit = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });
  const output = () => `--- stdout ---\n${stdout.join('\n')}\n--- stderr ---\n${stderr.join('\n')}`;

  const service: Service = {
    port,
    baseUrl,
    child,
    stdout,
    stderr,
    get exited() {
      return exited;
    },
    exit,
    output,
    async gql(query, variables, { key, operationName, timeoutMs = 20_000 } = {}) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables, operationName }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      const ms = performance.now() - started;
      let body: GraphQLBody;
      try {
        body = JSON.parse(text) as GraphQLBody;
      } catch {
        body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
      }
      return { status: res.status, body, text, ms, requestId: res.headers.get('x-request-id') };
    },
    async get(pathname) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}${pathname}`, { signal: AbortSignal.timeout(20_000) });
      const text = await res.text();
      return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
    },
    async kill() {
      if (exited) return;
      child.kill('SIGKILL');
      await exit;
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`the service exited during start-up (${JSON.stringify(exited)})\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await service.kill();
      throw new Error(`the service did not answer /health within ${options.readyTimeoutMs ?? 60_000} ms\n${output()}`);
    }
    await sleep(100);
  }
  return service;
}

/**
 * beforeAll whose failure fails every test after it. A failing beforeAll
 * makes vitest report the file's tests as skipped, and a skipped test
 * checks nothing: a missing PostgreSQL must read as failures.
 */
export function setUp(work: () => Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await work();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure) throw failure;
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** API keys made directly in the database, as `npm run apikey -- create` does. */
export async function createKeys(url: string, keys: { role: Role; name: string }[]): Promise<string[]> {
  const config = parseConfig({ DATABASE_URL: url });
  const db = createDb({ kind: 'server', url }, config.db);
  try {
    const services = createServices(db, config);
    const created: string[] = [];
    for (const { role, name } of keys) created.push((await services.apiKeys.create(systemActor('test'), { name, role })).key);
    return created;
  } finally {
    await db.$disconnect();
  }
}

/** The database uuid behind a global ID. */
export function dbId(globalId: string): string {
  return parseGlobalId(globalId)!.id;
}

/** Response text that would give away how the service is built or reached. */
export function internalsIn(text: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) if (secret && text.includes(secret)) found.push(secret);
  for (const pattern of [/ECONNREFUSED|ECONNRESET|ETIMEDOUT/, /prisma/i, /postgres(ql)?:\/\//i, /\bat .+\.(m?js|ts):\d+/, /stacktrace/i, /127\.0\.0\.1/, /node_modules/, /\bSELECT\b|\bINSERT\b|\bUPDATE\b/]) {
    const match = pattern.exec(text);
    if (match) found.push(match[0]);
  }
  return found;
}

/** A random lower-case word, so that what each test creates has a name of its own. */
export const token = () => Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join('');

/** Creates a speaker through the API; returns its ID. */
export async function createSpeaker(service: Service, key: string): Promise<string> {
  const reply = await service.gql(`mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id } }`, {
    input: { name: `Speaker ${token()}`, kind: 'PERSON' },
  }, { key });
  expect(reply.body.errors, reply.text).toBeUndefined();
  return reply.body.data!.createSpeaker.id as string;
}

/** Creates a statement by `speakerId` through the API; returns its ID and its database id. */
export async function createStatement(service: Service, key: string, speakerId: string): Promise<{ id: string; uuid: string }> {
  const reply = await service.gql(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }`, {
    input: { speakerId, text: `A claim about ${token()}` },
  }, { key });
  expect(reply.body.errors, reply.text).toBeUndefined();
  const id = reply.body.data!.createStatement.id as string;
  return { id, uuid: dbId(id) };
}
