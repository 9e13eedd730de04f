import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../../config.js';
import { openDatabase, type Database } from '../../db/database.js';
import { AppError, BadUserInputError } from '../../errors.js';
import { createServices } from '../../services.js';
import { systemActor } from '../auth/actor.js';
import { API_OPTIONS, API_USAGE, apiTarget, type CommandInput } from '../../cli-api.js';
import type { CommandIO } from '../auth/apikey.cli.js';
import { BatchTooLargeError, InterruptedError, type Send } from './claimreview.batcher.js';
import { apiSender, FatalImportError } from './claimreview.client.js';
import { formatOf, InputError, type InputFormat } from './claimreview.reader.js';
import { RunError, runImport } from './claimreview.run.js';
import { defaultStatePath } from './claimreview.state.js';
import { formatSummary, type Summary } from './claimreview.summary.js';
import { MAX_IMPORT } from './claimreview.type.js';

export const IMPORT_USAGE = `usage:
  npm run import:claimreviews -- <file.jsonl|file.json> [--api <http://host:4000/graphql> [--key-stdin | --key <API key>]]
        [--batch <n>] [--retries <n>] [--state <path>] [--restart] [--format jsonl|json] [--quiet] [--json]

A .json file holds an array of ClaimReviews, one ClaimReview, a @graph wrapper or a DataFeed;
any other file is JSON Lines, one document per line, read as a stream.
Without --api it writes to DATABASE_URL, or to the embedded database in DATA_DIR (stop the service first,
or use --api). With --api it sends batches to a running service; the key needs the FACT_CHECKER role.
After each batch the progress is saved in <file>.import-state.json (or --state): running the same command
again carries on where it stopped; --restart starts from the beginning.
${API_USAGE}`;

/** Retries of one batch after network errors, 429 and 503, by default. */
const DEFAULT_RETRIES = 5;

export interface ImportCommandIO extends CommandInput {
  /** Raw writes to stderr when it is a terminal: the progress bar is drawn there. */
  tty?: (chunk: string) => void;
}

export interface ImportCommandDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Between plain progress lines when stderr is not a terminal. */
  progressIntervalMs?: number;
  /** Aborted on Ctrl-C: the batch under way is finished and recorded, then the command stops. */
  signal?: AbortSignal;
}

/** `npm run import:claimreviews`: a publisher's ClaimReview archive in. Returns the exit code. */
export async function importClaimReviewsCommand(
  argv: string[],
  env: Record<string, string | undefined>,
  io: ImportCommandIO,
  deps: ImportCommandDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...API_OPTIONS,
        batch: { type: 'string' },
        retries: { type: 'string' },
        state: { type: 'string' },
        restart: { type: 'boolean' },
        format: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  const batch = values.batch === undefined ? MAX_IMPORT : Number(values.batch);
  const retries = values.retries === undefined ? DEFAULT_RETRIES : Number(values.retries);
  const target = await apiTarget(values, env, io);
  const problem =
    positionals.length !== 1
      ? 'one file is required'
      : 'problem' in target
        ? target.problem
        : !Number.isInteger(batch) || batch < 1
              ? '--batch must be a whole number from 1'
              : values.batch !== undefined && values.api === undefined
                ? `--batch goes with --api (the database takes ${MAX_IMPORT} at a time)`
                : !Number.isInteger(retries) || retries < 0 || retries > 100
                  ? '--retries must be a whole number from 0 to 100'
                  : values.format !== undefined && values.format !== 'jsonl' && values.format !== 'json'
                    ? '--format must be jsonl or json'
                    : undefined;
  if (problem || 'problem' in target) {
    io.err(`${problem}\n${IMPORT_USAGE}`);
    return 2;
  }
  const file = positionals[0]!;
  const format = (values.format as InputFormat | undefined) ?? formatOf(file);
  const quiet = values.quiet === true;
  const warn = (line: string) => {
    if (quiet) return;
    // Over the progress bar's line, which the next update draws again below.
    io.tty?.('\r\x1b[K');
    io.err(line);
  };

  let database: Database | undefined;
  let summary: Summary;
  try {
    // Before the database is opened, which takes a while: a wrong path is told at once.
    await checkReadable(file);
    let send: Send;
    if (values.api !== undefined) {
      send = apiSender({ endpoint: target.api!, key: target.key!, retries, fetch: deps.fetch, sleep: deps.sleep, warn });
    } else {
      const config = parseConfig(env);
      database = await openDatabase(config);
      const services = createServices(database.db, config);
      const actor = systemActor('command line');
      send = async (documents) => {
        try {
          return await services.claimReviews.import(actor, documents);
        } catch (error) {
          if (error instanceof BadUserInputError && error.details.field === 'documents') {
            throw new BatchTooLargeError(error.message, typeof error.details.max === 'number' ? error.details.max : undefined);
          }
          throw error;
        }
      };
    }
    summary = await runImport({
      file,
      format,
      statePath: values.state ?? defaultStatePath(file),
      restart: values.restart === true,
      mode: values.api !== undefined ? 'api' : 'database',
      target: values.api ?? 'database',
      batchSize: values.api !== undefined ? batch : MAX_IMPORT,
      send,
      warn,
      progress: quiet ? undefined : { tty: io.tty, line: io.tty ? undefined : io.err, intervalMs: deps.progressIntervalMs },
      now: deps.now,
      signal: deps.signal,
    });
  } catch (error) {
    const cause = error instanceof RunError ? error.cause : error;
    if (error instanceof RunError) print(io, values.json === true, error.partial);
    io.err(describeFailure(cause, error instanceof RunError));
    return cause instanceof InterruptedError ? 130 : 1;
  } finally {
    await database?.close();
  }
  print(io, values.json === true, summary);
  return 0;
}

async function checkReadable(file: string): Promise<void> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    await access(file, constants.R_OK);
  } catch (error) {
    throw new InputError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function print(io: CommandIO, json: boolean, summary: Summary): void {
  if (json) io.out(JSON.stringify(summary, null, 2));
  else for (const line of formatSummary(summary)) io.out(line);
}

/** The cause in a sentence; once batches have gone in, how to carry on. */
function describeFailure(error: unknown, started: boolean): string {
  if (error instanceof Error && error.name === 'DataDirInUseError') {
    return `${error.message} Or send the file to the running service: --api http://localhost:4000/graphql --key <API key>`;
  }
  const known =
    error instanceof ConfigError || error instanceof AppError || error instanceof InputError || error instanceof FatalImportError || error instanceof InterruptedError;
  const message = error instanceof Error ? error.message : String(error);
  return `${known ? message : `Failed: ${message}`}${started ? '\nRun the same command again to carry on after the last batch applied.' : ''}`;
}
