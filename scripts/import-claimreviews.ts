/**
 * npm run import:claimreviews -- <file.jsonl|file.json> [--api http://host:4000/graphql] (key: FACTCHECK_KEY, --key-stdin or --key)
 *                                [--batch N] [--state PATH] [--restart] [--quiet] [--json]
 *
 * Without --api, uses DATABASE_URL, or the embedded database in DATA_DIR
 * (stop the service first, or send the file to it with --api).
 */
import 'reflect-metadata';
import { readProcessStdin } from '../src/cli-api.js';
import { importClaimReviewsCommand } from '../src/modules/claimreview/claimreview.cli.js';

// The first Ctrl-C lets the batch under way finish and be recorded (and the
// embedded database close cleanly); a second one stops at once.
const interrupt = new AbortController();
const stop = () => {
  if (interrupt.signal.aborted) process.exit(130);
  console.error('\nStopping after the batch under way (Ctrl-C again to stop at once)...');
  interrupt.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.exitCode = await importClaimReviewsCommand(
  process.argv.slice(2),
  process.env,
  {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    tty: process.stderr.isTTY ? (chunk) => process.stderr.write(chunk) : undefined,
    readStdin: readProcessStdin,
  },
  { signal: interrupt.signal },
);
process.off('SIGINT', stop);
process.off('SIGTERM', stop);
