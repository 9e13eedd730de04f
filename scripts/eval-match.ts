/**
 * Measures claim matching ("has this been checked before?") on a labelled
 * benchmark, through the public API, the way a desk would use it:
 *
 *   npm run eval:match -- --claims vclaims.jsonl --queries queries.tsv --qrels qrels.tsv
 *     [--database-url postgres://user@host/db]   a PostgreSQL server (a scratch database is made on it and dropped)
 *     [--limit N]                                the first N judged queries only
 *     [--min-map5 X]                             fail (exit 1) when MAP@5 is below X
 *     [--json]                                   the results as JSON
 *
 * The claims are loaded into a scratch database (embedded unless
 * --database-url) through `importClaimReviews`, as ClaimReviews with their
 * headlines; each query is sent to `similarStatements(text, first: 5)`
 * anonymously, one at a time, and timed from the client, after the
 * VACUUM ANALYZE that follows any bulk load; then again as
 * `statements(filter: { search }, first: 5)`, the ranked statement list.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createDb, type DatabaseTarget } from '../src/db/client.js';
import { migrate } from '../src/db/database.js';
import { openEmbedded } from '../src/db/embedded.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { MAX_IMPORT } from '../src/modules/claimreview/claimreview.type.js';
import {
  claimReviewOf,
  parseQrels,
  parseQueries,
  quantile,
  scoreMatches,
  type VerifiedClaim,
} from '../src/modules/search/search.evaluate.js';
import { createServices } from '../src/services.js';

interface Options {
  claims: string;
  queries: string;
  qrels: string;
  databaseUrl: string | null;
  limit: number | null;
  minMap5: number | null;
  json: boolean;
}

function usage(message: string): never {
  console.error(message);
  console.error(
    'usage: eval-match --claims <vclaims.jsonl> --queries <queries.tsv> --qrels <qrels.tsv> [--database-url URL] [--limit N] [--min-map5 X] [--json]',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Partial<Options> = { databaseUrl: null, limit: null, minMap5: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const need = (): string => {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
      return value;
    };
    switch (flag) {
      case '--claims':
        options.claims = need();
        break;
      case '--queries':
        options.queries = need();
        break;
      case '--qrels':
        options.qrels = need();
        break;
      case '--database-url':
        options.databaseUrl = need();
        break;
      case '--limit': {
        const n = Number(need());
        if (!Number.isInteger(n) || n < 1) usage('--limit takes a positive whole number');
        options.limit = n;
        break;
      }
      case '--min-map5': {
        const n = Number(need());
        if (!Number.isFinite(n) || n < 0 || n > 1) usage('--min-map5 takes a number between 0 and 1');
        options.minMap5 = n;
        break;
      }
      case '--json':
        options.json = true;
        break;
      default:
        usage(`unknown option ${flag}`);
    }
  }
  if (!options.claims || !options.queries || !options.qrels) usage('--claims, --queries and --qrels are required');
  return options as Options;
}

/** A scratch database: in memory, or made on a PostgreSQL server and dropped afterwards. */
async function scratchDatabase(serverUrl: string | null): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (!serverUrl) {
    const pglite = await openEmbedded();
    return { target: { kind: 'embedded', pglite }, drop: () => pglite.close() };
  }
  const scratch = await createScratchDatabase(serverUrl, 'factcheck_eval');
  return { target: { kind: 'server', url: scratch.url }, drop: scratch.drop };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const claims = readFileSync(options.claims, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as VerifiedClaim);
  const queries = parseQueries(readFileSync(options.queries, 'utf8'));
  let gold = parseQrels(readFileSync(options.qrels, 'utf8'));
  for (const query of gold.keys()) if (!queries.has(query)) throw new Error(`qrels name query ${query}, which the queries file lacks`);
  if (options.limit) gold = new Map([...gold].slice(0, options.limit));

  const database = await scratchDatabase(options.databaseUrl);
  const config = parseConfig({
    NODE_ENV: 'production',
    RATE_LIMIT_RPM: '1000000',
    ...(options.databaseUrl ? { DATABASE_URL: database.target.kind === 'server' ? database.target.url : '' } : {}),
  });
  await migrate(database.target);
  const db = createDb(database.target, config.db);
  const { app, stop } = await createApp({ config, db, target: database.target, reportError: (error) => console.error(error) });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const { key } = await createServices(db, config).apiKeys.create(systemActor('eval-match'), { name: 'Matching evaluation', role: 'FACT_CHECKER' });

  const post = async (query: string, variables: Record<string, unknown>, auth: boolean) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`${body.errors[0]!.message}`);
    return body.data;
  };

  try {
    // Loading, through the import every newsroom uses.
    const claimsOf = new Map<string, string[]>();
    const skipped: string[] = [];
    const loadStart = performance.now();
    for (let i = 0; i < claims.length; i += MAX_IMPORT) {
      const batch = claims.slice(i, i + MAX_IMPORT);
      const data = await post(
        `mutation($documents: [JSON!]!) { importClaimReviews(documents: $documents) { items { index outcome reason statement { id } } } }`,
        { documents: batch.map((claim) => claimReviewOf(claim)) },
        true,
      );
      for (const item of data.importClaimReviews.items as { index: number; outcome: string; reason: string | null; statement: { id: string } | null }[]) {
        const claim = batch[item.index]!;
        if (!item.statement) {
          skipped.push(`${claim.vclaim_id}: ${item.reason}`);
          continue;
        }
        claimsOf.set(item.statement.id, [...(claimsOf.get(item.statement.id) ?? []), claim.vclaim_id]);
      }
      if (!options.json) process.stderr.write(`\rimported ${Math.min(i + MAX_IMPORT, claims.length)} of ${claims.length}`);
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    if (!options.json) process.stderr.write('\n');
    // What PostgreSQL's documentation asks after a bulk load, and what
    // autovacuum would do shortly anyway (the embedded database has none):
    // latency is then measured in the steady state, not during the vacuum.
    await db.$executeRawUnsafe('VACUUM ANALYZE');

    // Matching, one query at a time.
    const results = new Map<string, string[]>();
    const latencies: number[] = [];
    // The scores of right and wrong first answers, for callers choosing a minScore.
    const rightScores: number[] = [];
    const wrongScores: number[] = [];
    for (const id of gold.keys()) {
      const start = performance.now();
      const data = await post(
        `query($text: String!) { similarStatements(text: $text, first: 5) { score statement { id } } }`,
        { text: queries.get(id)! },
        false,
      );
      latencies.push(performance.now() - start);
      const found = data.similarStatements as { score: number; statement: { id: string } }[];
      results.set(
        id,
        found.flatMap(({ statement }) => claimsOf.get(statement.id) ?? []),
      );
      const top = found[0];
      if (top) ((claimsOf.get(top.statement.id) ?? []).some((claim) => gold.get(id)!.has(claim)) ? rightScores : wrongScores).push(top.score);
    }

    // The same queries as a search of the statement list, ranked by relevance
    // (its default when searching): websearch operators keep their meaning
    // there, so a post holding a "quoted phrase" requires that phrase.
    const listResults = new Map<string, string[]>();
    const listLatencies: number[] = [];
    for (const id of gold.keys()) {
      const start = performance.now();
      const data = await post(
        `query($search: String!) { statements(filter: { search: $search }, first: 5) { edges { node { id } } } }`,
        { search: queries.get(id)! },
        false,
      );
      listLatencies.push(performance.now() - start);
      const edges = data.statements.edges as { node: { id: string } }[];
      listResults.set(
        id,
        edges.flatMap(({ node }) => claimsOf.get(node.id) ?? []),
      );
    }
    const listScores = scoreMatches(listResults, gold);

    const scores = scoreMatches(results, gold);
    const report = {
      database: database.target.kind,
      claims: claims.length,
      statements: claimsOf.size,
      skipped: skipped.length,
      loadSeconds: Math.round(loadSeconds * 10) / 10,
      ...scores,
      latencyMs: { p50: round1(quantile(latencies, 0.5)), p95: round1(quantile(latencies, 0.95)), max: round1(Math.max(...latencies)) },
      firstScore: { right: spread(rightScores), wrong: spread(wrongScores) },
      search: {
        map5: listScores.map5,
        mrr: listScores.mrr,
        empty: listScores.empty,
        latencyMs: { p50: round1(quantile(listLatencies, 0.5)), p95: round1(quantile(listLatencies, 0.95)), max: round1(Math.max(...listLatencies)) },
      },
    };
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`database ${report.database}; ${report.claims} claims as ${report.statements} statements (${report.skipped} skipped) in ${report.loadSeconds} s`);
      for (const line of skipped.slice(0, 5)) console.log(`  skipped ${line}`);
      console.log(`queries ${scores.queries}   MAP@1 ${scores.map1}   MAP@5 ${scores.map5}   MRR ${scores.mrr}   P@1 ${scores.p1}   Recall@5 ${scores.recall5}   empty ${scores.empty}`);
      console.log(`latency p50 ${report.latencyMs.p50} ms   p95 ${report.latencyMs.p95} ms   max ${report.latencyMs.max} ms`);
      const line = (s: ReturnType<typeof spread>) => `p10 ${s.p10}  p50 ${s.p50}  p90 ${s.p90}  (${s.n})`;
      console.log(`score of a right first answer: ${line(report.firstScore.right)};  of a wrong one: ${line(report.firstScore.wrong)}`);
      const list = report.search;
      console.log(
        `statements(filter: { search }, first: 5): MAP@5 ${list.map5}   MRR ${list.mrr}   empty ${list.empty}   latency p50 ${list.latencyMs.p50} ms   p95 ${list.latencyMs.p95} ms   max ${list.latencyMs.max} ms`,
      );
    }
    if (options.minMap5 !== null && scores.map5 < options.minMap5) {
      console.error(`MAP@5 ${scores.map5} is below ${options.minMap5}`);
      process.exitCode = 1;
    }
  } finally {
    server.close();
    await stop();
    await db.$disconnect();
    await database.drop();
  }
}

function spread(values: number[]) {
  return { n: values.length, p10: quantile(values, 0.1), p50: quantile(values, 0.5), p90: quantile(values, 0.9) };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
