/**
 * npm run import:claimreviews -- <file.jsonl|file.json> [--api http://host:4000/graphql --key <API key>]
 *                                [--batch N] [--state PATH] [--restart] [--quiet] [--json]
 *
 * Without --api, uses DATABASE_URL, or the embedded database in DATA_DIR
 * (stop the service first, or send the file to it with --api).
 */
import 'reflect-metadata';
import { importClaimReviewsCommand } from '../src/modules/claimreview/claimreview.cli.js';

process.exitCode = await importClaimReviewsCommand(process.argv.slice(2), process.env, {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  tty: process.stderr.isTTY ? (chunk) => process.stderr.write(chunk) : undefined,
});
