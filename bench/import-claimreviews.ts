/**
 * How fast ClaimReviews are imported: a fact-checker's archive (14,000
 * reviews by default, about the size of Snopes's) in calls of 1,000
 * documents, as `npm run import:claimreviews` sends them, first into an
 * empty database, then a second archive of the same size into the database
 * now holding the first (where the duplicate checks have rows to search), then
 * the first archive again (every review already imported). On the embedded
 * database kept on disk as `npm start` keeps it (in a scratch directory, or
 * --data-dir; --in-memory for PGlite's memory:// as the tests run it) and,
 * with --database-url, on a PostgreSQL server (in a scratch database created
 * and dropped here). Prints the numbers and writes them into
 * bench/MATCHING.md under "ClaimReview import speed".
 *
 *   npm run bench:import-claimreviews -- [--reviews 14000] [--data-dir DIR | --in-memory] [--database-url postgres://postgres@127.0.0.1:5432/postgres] [--no-write]
 */
import 'reflect-metadata';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseConfig } from '../src/config.js';
import { createDb, type DatabaseTarget } from '../src/db/client.js';
import { migrate } from '../src/db/database.js';
import { openEmbedded } from '../src/db/embedded.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { MAX_IMPORT } from '../src/modules/claimreview/claimreview.type.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { createServices } from '../src/services.js';

const RATINGS = ['False', 'Mostly False', 'Pants on Fire!', 'Mixture', 'True', 'Mostly True', 'Miscaptioned', 'Unproven', 'Satire'];

/**
 * One archive: `count` reviews by one publisher, of claims by `count / 4`
 * claimants (most claimants are reviewed more than once), carried by 300
 * outlets; one in twenty without a claimant, one in twenty without a rating,
 * and ratings the table does not know ("Miscaptioned", "Satire") among them.
 * One in ten reviews a claim another review of the archive also reviews.
 */
export function archive(name: string, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const claim = i % 10 === 9 ? i - 1 : i;
    const outlet = `${name}-outlet-${claim % 300}`;
    const noClaimant = i % 20 === 7;
    return {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://checker.example.net/${name}/fact-check/${i}`,
      name: `Did the river ${claim} of ${name} flood the valley?`,
      datePublished: new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString(),
      claimReviewed: `The river ${claim} of ${name} flooded the whole valley`,
      author: { '@type': 'Organization', name: 'Checker', url: 'https://checker.example.net' },
      ...(i % 20 === 3 ? {} : { reviewRating: { '@type': 'Rating', alternateName: RATINGS[i % RATINGS.length] } }),
      itemReviewed: {
        '@type': 'Claim',
        ...(noClaimant ? {} : { author: { '@type': 'Person', name: `Claimant ${claim % Math.max(1, Math.floor(count / 4))} of ${name}` } }),
        datePublished: '2014-06-01T10:00:00Z',
        appearance: [
          {
            '@type': 'CreativeWork',
            url: `https://${outlet}.example.com/story/${claim}`,
            publisher: { '@type': 'Organization', name: `News ${outlet}`, url: `https://${outlet}.example.com` },
          },
        ],
      },
    };
  });
}

interface Run {
  label: string;
  reviews: number;
  ms: number;
  created: number;
  matched: number;
  skipped: number;
}

async function importAll(target: DatabaseTarget, label: string, documents: Record<string, unknown>[]): Promise<Run> {
  const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const db = createDb(target, config.db);
  const services = createServices(db, config);
  const actor = systemActor('bench', 'FACT_CHECKER');
  const run: Run = { label, reviews: documents.length, ms: 0, created: 0, matched: 0, skipped: 0 };
  const started = performance.now();
  for (let start = 0; start < documents.length; start += MAX_IMPORT) {
    const result = await services.claimReviews.import(actor, documents.slice(start, start + MAX_IMPORT));
    run.created += result.created;
    run.matched += result.matched;
    run.skipped += result.skipped;
  }
  run.ms = performance.now() - started;
  await db.$disconnect();
  return run;
}

async function runAll(target: DatabaseTarget, reviews: number): Promise<Run[]> {
  await migrate(target);
  const first = archive('a', reviews);
  const runs = [
    await importAll(target, 'an archive into an empty database', first),
    await importAll(target, 'a second archive into the database holding the first', archive('b', reviews)),
    await importAll(target, 'the first archive again (all already imported)', first),
  ];
  return runs;
}

function table(runs: Run[]): string {
  const rows = runs.map(
    (r) =>
      `| ${r.label} | ${r.reviews} | ${(r.ms / 1000).toFixed(1)} s | **${Math.round((r.reviews / r.ms) * 1000)}** | ${r.created} / ${r.matched} / ${r.skipped} |`,
  );
  return ['| run | reviews | time | reviews/s | created / matched / skipped |', '| --- | ---: | ---: | ---: | --- |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const arg = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const reviews = Number(arg('--reviews') ?? 14_000);
  const serverUrl = arg('--database-url');
  const sections: string[] = [];

  const inMemory = process.argv.includes('--in-memory');
  const chosenDir = arg('--data-dir');
  const dataDir = inMemory ? undefined : (chosenDir ?? (await mkdtemp(path.join(os.tmpdir(), 'bench-import-'))));
  const pglite = await openEmbedded(dataDir);
  let embedded: Run[];
  try {
    embedded = await runAll({ kind: 'embedded', pglite }, reviews);
  } finally {
    await pglite.close();
    if (dataDir && !chosenDir) await rm(dataDir, { recursive: true, force: true });
  }
  const where = inMemory ? 'in memory' : 'data on disk, as `npm start` keeps it';
  console.log(`embedded database (PGlite, ${where})\n${table(embedded)}\n`);
  sections.push(`Embedded database (PGlite in the process, ${where}):\n\n${table(embedded)}`);

  if (serverUrl) {
    const scratch = `bench_import_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${scratch}`;
      const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
      const server = await runAll({ kind: 'server', url: url.toString() }, reviews);
      console.log(`PostgreSQL ${version}\n${table(server)}\n`);
      sections.push(`PostgreSQL ${version.split(' ')[0]} on the same machine:\n\n${table(server)}`);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
      await admin.end();
    }
  }

  if (process.argv.includes('--no-write')) return;
  const section = [
    '## ClaimReview import speed',
    '',
    `\`npm run bench:import-claimreviews -- --reviews ${reviews}${inMemory ? ' --in-memory' : ''}${serverUrl ? ' --database-url <server>' : ''}\` (bench/import-claimreviews.ts), ` +
      `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node.js ${process.version}, ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} at the end (the machine is shared, so numbers vary by tens of per cent). ` +
      `Archives of ${reviews} ClaimReviews of claims by ${Math.floor(reviews / 4)} claimants in 300 outlets (one review in ten of a claim ` +
      `another review also covers, one in twenty without a claimant, one in twenty without a rating), sent to ` +
      `\`ClaimReviewService.import\` ${MAX_IMPORT} documents per call, as the mutation receives them. Each call checks every review, ` +
      'then writes the good ones a batch per transaction: each kind of row in one statement, one audit entry per batch and one per statement created, one statement of events per batch; ' +
      "the duplicate check of a claim is an index look-up on statement (speaker_id, md5(lower(btrim(text)))).",
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  const file = path.join(PROJECT_ROOT, 'bench', 'MATCHING.md');
  const existing = await readFile(file, 'utf8').catch(() => '');
  const start = existing.indexOf('## ClaimReview import speed');
  let next: string;
  if (start < 0) {
    next = existing === '' ? `# Matching\n\n${section}` : `${existing.trimEnd()}\n\n${section}`;
  } else {
    const end = existing.indexOf('\n## ', start + 1);
    next = existing.slice(0, start) + section + (end < 0 ? '' : `\n${existing.slice(end + 1)}`);
  }
  await writeFile(file, next.trimEnd() + '\n');
  console.log(`Wrote the section "ClaimReview import speed" of ${path.relative(process.cwd(), file)}`);
}

if (process.argv[1]?.endsWith('import-claimreviews.js')) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
