/**
 * What relevance search (similarStatements) costs as the corpus grows:
 *
 *   npm run bench:search-scale -- --database-url postgres://user@host/db
 *     --claims vclaims.jsonl --queries queries-train-dev.tsv --qrels qrels-dev.tsv
 *     [--sizes 14231,100000,300000,1000000] [--limit N (default 200)] [--seed N] [--json]
 *     [--prune-df 0.01,0.05]   also rank without the terms more than that share of statements hold
 *
 * A scratch database is made on the server and dropped at the end. It holds
 * the CheckThat! verified claims (text, one review headline, the claimant-less
 * speaker, as the import stores them), then grows to each size with
 * generated statements: a real claim and a real headline with ~30% of their
 * words swapped for words drawn from the claims' vocabulary by frequency, so
 * postings per word grow the way they would with more of the same kind of
 * text. Rows go in by plain bulk SQL, indexed by the relevance triggers, then
 * VACUUM ANALYZE. At each size the dev queries run one at a time through
 * SearchService.similar and through similarStatements over HTTP, and the
 * answers are scored (MAP@5) against the real claims' ids.
 *
 * `--limit` caps how many judged queries run (the first N of the qrels, as
 * in eval:match).
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createDb, type DatabaseTarget } from '../src/db/client.js';
import { migrate } from '../src/db/database.js';
import { createScratchDatabase } from '../src/db/scratch.js';
import { fromGlobalId } from '../src/ids.js';
import { UNKNOWN_CLAIMANT_ID } from '../src/modules/claimreview/claimreview.write.js';
import { parseQrels, parseQueries, quantile, scoreMatches, type VerifiedClaim } from '../src/modules/search/search.evaluate.js';
import { QUERY_MAX, RELEVANCE } from '../src/modules/search/search.params.js';
import { queryText } from '../src/modules/search/search.query.js';
import { termArguments } from '../src/modules/search/search.terms.js';
import { Prisma } from '../src/generated/prisma/client.js';
import { rankedSql } from '../src/modules/search/search.rank.js';
import { createServices } from '../src/services.js';
import { mulberry32, uuidv7, type Rng } from './data.js';

const BATCH = 10_000;
const REPLACED = 0.3;

interface Options {
  databaseUrl: string;
  claims: string;
  queries: string;
  qrels: string;
  sizes: number[];
  limit: number;
  seed: number;
  /** Also rank with the terms held by more than this share of statements left out (search_rank_pruned); none by default. */
  pruneDf: number[];
  json: boolean;
}

const USAGE =
  'usage: search-scale --database-url URL --claims <vclaims.jsonl> --queries <queries.tsv> --qrels <qrels.tsv> [--sizes 14231,100000,...] [--limit N] [--seed N] [--prune-df 0.01,0.05] [--json]';

function usage(message: string): never {
  console.error(`search-scale: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const options: Partial<Options> = { sizes: [14_231, 100_000, 300_000, 1_000_000], limit: 200, seed: 1, pruneDf: [], json: false };
  const whole = (flag: string, value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) usage(`${flag} takes positive whole numbers`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const need = (): string => {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) usage(`${flag} needs a value`);
      return value;
    };
    switch (flag) {
      case '--database-url':
        options.databaseUrl = need();
        break;
      case '--claims':
        options.claims = need();
        break;
      case '--queries':
        options.queries = need();
        break;
      case '--qrels':
        options.qrels = need();
        break;
      case '--sizes':
        options.sizes = need()
          .split(',')
          .map((s) => whole(flag, s.trim()));
        break;
      case '--limit':
        options.limit = whole(flag, need());
        break;
      case '--seed':
        options.seed = whole(flag, need());
        break;
      case '--prune-df':
        options.pruneDf = need()
          .split(',')
          .map((x) => {
            const share = Number(x.trim());
            if (!(share > 0 && share <= 1)) usage('--prune-df takes shares above 0, at most 1 (1: every term, the baseline)');
            return share;
          });
        break;
      case '--json':
        options.json = true;
        break;
      default:
        usage(`unknown option ${flag}`);
    }
  }
  if (!options.databaseUrl) usage('--database-url is required (a PostgreSQL server)');
  if (!options.claims || !options.queries || !options.qrels) usage('--claims, --queries and --qrels are required');
  const sizes = options.sizes!;
  for (let i = 1; i < sizes.length; i++) if (sizes[i]! <= sizes[i - 1]!) usage('--sizes must increase');
  return options as Options;
}

/** Words drawn by their frequency in the claims: a uniform draw from every occurrence. */
class Vocabulary {
  private readonly occurrences: string[];
  constructor(texts: string[]) {
    this.occurrences = texts.flatMap((text) => text.split(/\s+/).filter((w) => w !== ''));
  }
  draw(rng: Rng): string {
    return this.occurrences[Math.floor(rng() * this.occurrences.length)]!;
  }
  /** `text` with each word swapped, at `share` odds, for a drawn one. */
  perturb(text: string, share: number, rng: Rng): string {
    return text
      .split(/\s+/)
      .filter((w) => w !== '')
      .map((w) => (rng() < share ? this.draw(rng) : w))
      .join(' ');
  }
}

interface Row {
  id: string;
  text: string;
  headline: string | null;
}

/** Seconds spent inserting statements and reviews (each insert reindexes the statements it touches). */
const insertSeconds = { statements: 0, reviews: 0 };

async function insertRows(client: pg.Client, rows: Row[], rng: Rng): Promise<void> {
  const reviewed = rows.filter((r) => r.headline !== null);
  const now = Date.now();
  await client.query('BEGIN');
  try {
    let start = performance.now();
    await client.query(
      `INSERT INTO statement (id, text, speaker_id, updated_at)
       SELECT id, text, $3::uuid, now() FROM unnest($1::uuid[], $2::text[]) AS r(id, text)`,
      [rows.map((r) => r.id), rows.map((r) => r.text), UNKNOWN_CLAIMANT_ID],
    );
    insertSeconds.statements += (performance.now() - start) / 1000;
    start = performance.now();
    await client.query(
      `INSERT INTO external_review (id, statement_id, publisher, headline, document)
       SELECT id, statement_id, 'Snopes', headline, '{"@type":"ClaimReview"}'::jsonb
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS r(id, statement_id, headline)`,
      [reviewed.map(() => uuidv7(now, rng)), reviewed.map((r) => r.id), reviewed.map((r) => r.headline)],
    );
    insertSeconds.reviews += (performance.now() - start) / 1000;
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * search_rank as the migration defines it, under another name for each
 * share, leaving out the terms more than that share of statements hold: an
 * experiment on what pruning frequent words saves and costs in quality.
 * Their postings are still counted for their df, as search_rank does.
 */
const prunedName = (share: number): string => `search_rank_pruned_${String(share).replace('.', '_')}`;

async function definePrunedRanks(client: pg.Client, shares: number[]): Promise<void> {
  const { rows } = await client.query<{ def: string }>(`SELECT pg_get_functiondef('search_rank'::regproc) AS def`);
  const original = rows[0]!.def;
  for (const share of shares) {
    const pruned = original
      .replace(/FUNCTION public\.search_rank\(/, `FUNCTION public.${prunedName(share)}(`)
      .replace(/WHERE f\.df > 0\b/, `WHERE f.df > 0 AND f.df <= ${share}::float8 * n`);
    if (!pruned.includes(prunedName(share)) || !pruned.includes(`${share}::float8 * n`)) throw new Error('search_rank no longer has the shape --prune-df rewrites');
    await client.query(pruned);
  }
}

/** The service's ranking SQL (rankedSql) calling a pruned copy of search_rank. */
function prunedRankedSql(text: string, share: number): Prisma.Sql {
  const ranked = rankedSql(text, true);
  return new Prisma.Sql(
    ranked.strings.map((part) => part.replace('search_rank(', `${prunedName(share)}(`)),
    ranked.values,
  );
}

/**
 * search_total's slots drift: the triggers' UPDATE ... WHERE slot =
 * floor(random() * 16) draws a new random() for every slot it filters, so
 * one insert adds its documents to no slot (about a third of the time), one
 * or several. A bulk insert of thousands of documents then moves the
 * totals BM25 reads (document count, average lengths) by thousands, and a
 * reindex's delete and insert can leave them far off or below zero. The
 * measurements want the engine as designed, so the totals are set right
 * after each load, and how far off they were is reported.
 */
async function repairTotals(client: pg.Client): Promise<{ counted: number; held: number; countedText: number; heldText: number } | null> {
  const { rows } = await client.query<{ counted: string; held: string; counted_text: string; held_text: string }>(
    `SELECT (SELECT sum(documents) FROM search_total) AS counted, (SELECT count(*) FROM search_document) AS held,
            (SELECT sum(len_text) FROM search_total) AS counted_text, (SELECT coalesce(sum(len_text), 0) FROM search_document) AS held_text`,
  );
  const row = rows[0]!;
  if (row.counted === row.held && row.counted_text === row.held_text) return null;
  await client.query(
    `UPDATE search_total t SET documents = CASE WHEN t.slot = 0 THEN d.documents ELSE 0 END, len_text = CASE WHEN t.slot = 0 THEN d.len_text ELSE 0 END,
            len_quote = CASE WHEN t.slot = 0 THEN d.len_quote ELSE 0 END, len_title = CASE WHEN t.slot = 0 THEN d.len_title ELSE 0 END,
            len_speaker = CASE WHEN t.slot = 0 THEN d.len_speaker ELSE 0 END
     FROM (SELECT count(*) AS documents, coalesce(sum(len_text), 0) AS len_text, coalesce(sum(len_quote), 0) AS len_quote,
                  coalesce(sum(len_title), 0) AS len_title, coalesce(sum(len_speaker), 0) AS len_speaker FROM search_document) d`,
  );
  return { counted: Number(row.counted), held: Number(row.held), countedText: Number(row.counted_text), heldText: Number(row.held_text) };
}

interface Pruned {
  maxDfShare: number;
  map5: number;
  ms: { p50: number; p95: number; max: number };
  postingsScored: { p50: number; p95: number };
}

interface SizeResult {
  statements: number;
  postings: number;
  postingTableMb: number;
  postingIndexesMb: Record<string, number>;
  postingTotalMb: number;
  loadSeconds: number;
  loadRowsPerSecond: number;
  insertSeconds: { statements: number; reviews: number };
  vacuumSeconds: number;
  postingsRead: { p50: number; p95: number; max: number };
  termsPerQuery: { p50: number; p95: number };
  termsMs: { p50: number; p95: number; max: number };
  dfPassMs: { p50: number; p95: number; max: number };
  directMs: { p50: number; p95: number; max: number };
  httpMs: { p50: number; p95: number; max: number };
  map5: number;
  map5Http: number;
  recall5: number;
  pruned: Pruned[];
  totalsDrift: { counted: number; held: number } | null;
  loadAverage: number[];
}

const mb = (bytes: number | string): number => Math.round((Number(bytes) / 2 ** 20) * 10) / 10;
const round1 = (x: number): number => Math.round(x * 10) / 10;
const spread = (values: number[]) => ({ p50: round1(quantile(values, 0.5)), p95: round1(quantile(values, 0.95)), max: round1(Math.max(...values)) });

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const claims = readFileSync(options.claims, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as VerifiedClaim);
  const queries = parseQueries(readFileSync(options.queries, 'utf8'));
  let gold = parseQrels(readFileSync(options.qrels, 'utf8'));
  for (const query of gold.keys()) if (!queries.has(query)) throw new Error(`qrels name query ${query}, which the queries file lacks`);
  gold = new Map([...gold].slice(0, options.limit));
  if (options.sizes[0]! < claims.length) usage(`the smallest size must hold the ${claims.length} real claims`);
  const log = (line: string) => {
    if (!options.json) console.error(line);
  };

  const scratch = await createScratchDatabase(options.databaseUrl, 'factcheck_scale');
  // A stopped run leaves no database of millions of rows behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: dropping the scratch database`);
      scratch.drop().finally(() => process.exit(130));
    });
  }
  const target: DatabaseTarget = { kind: 'server', url: scratch.url };
  const client = new pg.Client({ connectionString: scratch.url });
  let stopApp: (() => Promise<void>) | null = null;
  let server: ReturnType<typeof createServer> | null = null;
  let db: ReturnType<typeof createDb> | null = null;
  const results: SizeResult[] = [];
  try {
    await migrate(target);
    await client.connect();
    if (options.pruneDf.length > 0) await definePrunedRanks(client, options.pruneDf);
    const config = parseConfig({ NODE_ENV: 'production', RATE_LIMIT_RPM: '1000000', DATABASE_URL: scratch.url });
    db = createDb(target, config.db);
    const search = createServices(db, config).search;
    const app = await createApp({ config, db, target, reportError: (error) => console.error(error) });
    stopApp = app.stop;
    server = createServer(app.app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

    await client.query(
      `INSERT INTO speaker (id, name, kind, name_skeleton, updated_at) VALUES ($1::uuid, 'Unknown claimant', 'PERSON', ' unknown claimant placeholder', now())
       ON CONFLICT (id) DO NOTHING`,
      [UNKNOWN_CLAIMANT_ID],
    );

    const rng = mulberry32(options.seed);
    const claimOf = new Map<string, string>();
    const real: Row[] = claims.map((claim) => {
      const row = { id: uuidv7(Date.now(), rng), text: claim.vclaim, headline: claim.title?.trim() || null };
      claimOf.set(row.id, claim.vclaim_id);
      return row;
    });
    const titles = claims.flatMap((c) => (c.title?.trim() ? [c.title.trim()] : []));
    const vocabulary = new Vocabulary([...claims.map((c) => c.vclaim), ...titles]);
    const generated = (): Row => {
      const base = claims[Math.floor(rng() * claims.length)]!;
      return {
        id: uuidv7(Date.now(), rng),
        text: vocabulary.perturb(base.vclaim, REPLACED, rng),
        headline: vocabulary.perturb(titles[Math.floor(rng() * titles.length)]!, REPLACED, rng),
      };
    };

    const judged = [...gold.keys()];
    const similarQuery = `query($text: String!) { similarStatements(text: $text, first: 5) { score statement { id } } }`;
    let loaded = 0;
    for (const size of options.sizes) {
      const loadStart = performance.now();
      const before = loaded;
      insertSeconds.statements = insertSeconds.reviews = 0;
      if (loaded === 0) {
        for (let i = 0; i < real.length; i += BATCH) await insertRows(client, real.slice(i, i + BATCH), rng);
        loaded = real.length;
      }
      while (loaded < size) {
        const rows = Array.from({ length: Math.min(BATCH, size - loaded) }, generated);
        await insertRows(client, rows, rng);
        loaded += rows.length;
        const seconds = (performance.now() - loadStart) / 1000;
        if (!options.json) process.stderr.write(`\rloaded ${loaded} of ${size} (${Math.round(loaded / 1000)}k) ${seconds.toFixed(0)} s`);
      }
      const loadSeconds = (performance.now() - loadStart) / 1000;
      if (!options.json) process.stderr.write('\n');
      const drift = await repairTotals(client);
      if (drift) log(`search_total counted ${drift.counted} documents of ${drift.held} (lengths of text ${drift.countedText} of ${drift.heldText}): set to the true totals`);
      const vacuumStart = performance.now();
      await client.query('VACUUM ANALYZE');
      const vacuumSeconds = (performance.now() - vacuumStart) / 1000;
      log(`size ${size}: loaded in ${loadSeconds.toFixed(1)} s, VACUUM ANALYZE ${vacuumSeconds.toFixed(1)} s`);

      const sizes = await client.query<{ postings: string; tbl: string; total: string }>(
        `SELECT (SELECT count(*) FROM search_posting) AS postings, pg_relation_size('search_posting') AS tbl, pg_total_relation_size('search_posting') AS total`,
      );
      const indexes = await client.query<{ name: string; bytes: string }>(
        `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes FROM pg_index WHERE indrelid = 'search_posting'::regclass ORDER BY 1`,
      );

      // The two stages of search_rank that do not score, timed on their own:
      // finding the query's terms (trigram probes for close spellings
      // included), and counting each term's postings for its df, which reads
      // every posting the scoring then reads again.
      const postingsRead: number[] = [];
      const termsPer: number[] = [];
      const termsMs: number[] = [];
      const dfMs: number[] = [];
      for (const id of judged) {
        const text = queryText(queries.get(id)!.replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX));
        let start = performance.now();
        const terms = await db.$queryRaw<{ terms: bigint }[]>`SELECT count(*) AS terms FROM search_terms(${termArguments(text, true)})`;
        termsMs.push(performance.now() - start);
        start = performance.now();
        const postings = await db.$queryRaw<{ postings: bigint | null }[]>`
          SELECT sum(f.df) AS postings FROM search_terms(${termArguments(text, true)}) q
          CROSS JOIN LATERAL (SELECT count(*) AS df FROM search_posting p WHERE p.lexeme = q.lexeme) f`;
        dfMs.push(performance.now() - start);
        termsPer.push(Number(terms[0]!.terms));
        postingsRead.push(Number(postings[0]!.postings ?? 0));
      }

      const direct: number[] = [];
      const directFound = new Map<string, string[]>();
      for (const id of judged) {
        const start = performance.now();
        const found = await search.similar(queries.get(id)!, { first: 5 });
        direct.push(performance.now() - start);
        directFound.set(
          id,
          found.flatMap(({ statement }) => claimOf.get(statement.id) ?? []),
        );
      }

      const http: number[] = [];
      const httpFound = new Map<string, string[]>();
      for (const id of judged) {
        const start = performance.now();
        const response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: similarQuery, variables: { text: queries.get(id)! } }),
        });
        const body = (await response.json()) as { data?: { similarStatements: { statement: { id: string } }[] }; errors?: { message: string }[] };
        http.push(performance.now() - start);
        if (body.errors?.length || !body.data) throw new Error(`similarStatements: ${body.errors?.[0]?.message ?? response.status}`);
        httpFound.set(
          id,
          body.data.similarStatements.flatMap(({ statement }) => claimOf.get(fromGlobalId('Statement', statement.id, 'id')) ?? []),
        );
      }

      const pruned: Pruned[] = [];
      for (const share of options.pruneDf) {
        const ms: number[] = [];
        const scored: number[] = [];
        const found = new Map<string, string[]>();
        for (const id of judged) {
          const text = queryText(queries.get(id)!.replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX));
          const start = performance.now();
          const rows = await db.$queryRaw<{ id: string }[]>`SELECT r.id::text AS id FROM (${prunedRankedSql(text, share)}) r ORDER BY r.rank DESC, r.id DESC LIMIT 5`;
          ms.push(performance.now() - start);
          found.set(
            id,
            rows.flatMap((r) => claimOf.get(r.id) ?? []),
          );
          const kept = await client.query<{ postings: string | null }>(
            `SELECT sum(f.df) AS postings FROM search_terms($1::text, true, $2::float8, $3::int, $4::int, $5::int) q
             CROSS JOIN LATERAL (SELECT count(*) AS df FROM search_posting p WHERE p.lexeme = q.lexeme) f
             WHERE f.df <= $6::float8 * (SELECT sum(documents) FROM search_total)`,
            [text, RELEVANCE.nearWeight, RELEVANCE.nearPerWord, RELEVANCE.nearWordsMax, RELEVANCE.shortQueryWords, share],
          );
          scored.push(Number(kept.rows[0]!.postings ?? 0));
        }
        pruned.push({ maxDfShare: share, map5: scoreMatches(found, gold).map5, ms: spread(ms), postingsScored: { p50: quantile(scored, 0.5), p95: quantile(scored, 0.95) } });
      }

      const scores = scoreMatches(directFound, gold);
      const row: SizeResult = {
        statements: loaded,
        postings: Number(sizes.rows[0]!.postings),
        postingTableMb: mb(sizes.rows[0]!.tbl),
        postingIndexesMb: Object.fromEntries(indexes.rows.map((r) => [r.name, mb(r.bytes)])),
        postingTotalMb: mb(sizes.rows[0]!.total),
        loadSeconds: round1(loadSeconds),
        loadRowsPerSecond: Math.round((loaded - before) / loadSeconds),
        insertSeconds: { statements: round1(insertSeconds.statements), reviews: round1(insertSeconds.reviews) },
        vacuumSeconds: round1(vacuumSeconds),
        postingsRead: { p50: quantile(postingsRead, 0.5), p95: quantile(postingsRead, 0.95), max: Math.max(...postingsRead) },
        termsPerQuery: { p50: quantile(termsPer, 0.5), p95: quantile(termsPer, 0.95) },
        termsMs: spread(termsMs),
        dfPassMs: spread(dfMs),
        directMs: spread(direct),
        httpMs: spread(http),
        map5: scores.map5,
        map5Http: scoreMatches(httpFound, gold).map5,
        recall5: scores.recall5,
        pruned,
        totalsDrift: drift && { counted: drift.counted, held: drift.held },
        loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
      };
      results.push(row);
      if (options.json) console.log(JSON.stringify(row));
      else {
        console.log(
          `${row.statements} statements: ${row.postings} postings, search_posting ${row.postingTotalMb} MB (heap ${row.postingTableMb} MB; ${Object.entries(row.postingIndexesMb)
            .map(([name, size]) => `${name} ${size} MB`)
            .join(', ')})`,
        );
        console.log(`  load ${row.loadSeconds} s (${row.loadRowsPerSecond} statements/s; statement inserts ${row.insertSeconds.statements} s, review inserts ${row.insertSeconds.reviews} s), VACUUM ANALYZE ${row.vacuumSeconds} s`);
        console.log(`  terms per query p50 ${row.termsPerQuery.p50} p95 ${row.termsPerQuery.p95}; postings read p50 ${row.postingsRead.p50} p95 ${row.postingsRead.p95} max ${row.postingsRead.max}`);
        console.log(`  search_terms alone p50 ${row.termsMs.p50} ms p95 ${row.termsMs.p95} ms; terms + df count pass p50 ${row.dfPassMs.p50} ms p95 ${row.dfPassMs.p95} ms`);
        console.log(`  direct p50 ${row.directMs.p50} ms p95 ${row.directMs.p95} ms max ${row.directMs.max} ms; HTTP p50 ${row.httpMs.p50} ms p95 ${row.httpMs.p95} ms max ${row.httpMs.max} ms`);
        for (const p of row.pruned) {
          console.log(
            `  without terms in more than ${p.maxDfShare * 100}% of statements: postings scored p50 ${p.postingsScored.p50} p95 ${p.postingsScored.p95}; ranking p50 ${p.ms.p50} ms p95 ${p.ms.p95} ms; MAP@5 ${p.map5}`,
          );
        }
        console.log(`  MAP@5 ${row.map5} (HTTP ${row.map5Http}), Recall@5 ${row.recall5}, ${judged.length} queries; load average ${row.loadAverage.join(' ')} on ${cpus().length} cores`);
      }
    }
  } finally {
    server?.close();
    await stopApp?.();
    await db?.$disconnect();
    await client.end().catch(() => undefined);
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
