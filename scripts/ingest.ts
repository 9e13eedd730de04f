/**
 * npm run ingest -- <file> --source <slug> --url <url> [--title ...] [--published-at ...] [--language ...]
 *                   [--api http://host:4000/graphql] (key: FACTCHECK_KEY, --key-stdin or --key)
 */
import 'reflect-metadata';
import { readProcessStdin } from '../src/cli-api.js';
import { ingestCommand } from '../src/modules/ingest/ingest.cli.js';

process.exitCode = await ingestCommand(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readStdin: readProcessStdin,
});
