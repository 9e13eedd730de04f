import type { CommandIO } from './modules/auth/apikey.cli.js';
import { apiKeyFromEnv, API_KEY_VARIABLE } from './config.js';

/**
 * What the command-line tools that can talk to a running service (ingest,
 * import:claimreviews) share: the --api and key options, where the key may
 * come from, and how an unreachable service is told.
 *
 * A key on the command line is echoed by npm's banner ("> node ... --key
 * fck_...") into terminals, CI logs and shell history, and shows in the
 * process list; the environment variable or standard input keeps it out.
 */
export const API_OPTIONS = {
  api: { type: 'string' },
  key: { type: 'string' },
  'key-stdin': { type: 'boolean' },
} as const;

export const API_USAGE = `The key for --api comes from ${API_KEY_VARIABLE} (preferred), or the first line of standard input with
--key-stdin, or --key <API key> (visible in npm's output and the process list).`;

export interface CommandInput extends CommandIO {
  /** All of standard input, for --key-stdin. */
  readStdin?: () => Promise<string>;
}

export type ApiTarget = { api: string; key: string } | { api?: undefined; key?: undefined };

/** The service and key the options name, or the problem with them (a usage error). */
export async function apiTarget(
  values: { api?: string; key?: string; 'key-stdin'?: boolean },
  env: Record<string, string | undefined>,
  io: CommandInput,
): Promise<ApiTarget | { problem: string }> {
  const fromFlag = values.key !== undefined;
  const fromStdin = values['key-stdin'] === true;
  if (fromFlag && fromStdin) return { problem: '--key and --key-stdin are two ways to give one key: use one' };
  if (values.api === undefined) {
    return fromFlag || fromStdin ? { problem: `${fromFlag ? '--key' : '--key-stdin'} goes with --api` } : {};
  }
  if (!/^https?:\/\/\S+$/i.test(values.api)) return { problem: "--api must be the service's GraphQL URL, such as http://localhost:4000/graphql" };
  let key = values.key?.trim();
  if (fromStdin) {
    if (!io.readStdin) return { problem: '--key-stdin needs standard input' };
    key = (await io.readStdin()).split(/\r?\n/)[0]?.trim();
  }
  key ||= apiKeyFromEnv(env);
  if (!key) return { problem: `--api needs --key, --key-stdin or ${API_KEY_VARIABLE}` };
  if (fromFlag) io.err(`Note: --key is shown in npm's output and the process list; ${API_KEY_VARIABLE}=... or --key-stdin keep it out.`);
  return { api: values.api, key };
}

/** "http://host:4000/graphql is unreachable (ECONNREFUSED: connection refused)" rather than fetch's bare "fetch failed". */
export function unreachable(endpoint: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const why = cause?.code ? `${cause.code}${cause.message && !cause.message.includes(cause.code) ? `: ${cause.message}` : ''}` : (cause?.message ?? (error as Error)?.message ?? String(error));
  return `${endpoint} is unreachable (${why})`;
}

/** Reads all of process.stdin; for the scripts' CommandInput. */
export async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
