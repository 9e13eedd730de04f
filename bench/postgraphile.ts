/**
 * PostGraphile 5 over the same tables, for comparison. It needs Node 22,
 * which the machine running the benchmark may lack, so both come from the npm registry into
 * bench/.postgraphile (ignored by git) on first use: nothing of it becomes a
 * dependency of the service.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { RELEVANCE } from '../src/modules/search/search.params.js';

export const POSTGRAPHILE_VERSION = '5.1.5';
export const NODE22_VERSION = '22.23.3';

export interface PostGraphileInstall {
  node: string;
  cli: string;
}

/** Installs PostGraphile and Node 22 into `dir` unless the pinned versions are already there. */
export function ensurePostGraphile(dir: string, log: (line: string) => void): PostGraphileInstall {
  const node = path.join(dir, 'node_modules', 'node', 'bin', 'node');
  const cli = path.join(dir, 'node_modules', 'postgraphile', 'dist', 'cli-run.js');
  const installed = (name: string) => {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return undefined;
    }
  };
  if (installed('postgraphile') === POSTGRAPHILE_VERSION && installed('node') === NODE22_VERSION && existsSync(node) && existsSync(cli)) {
    return { node, cli };
  }
  log(`installing postgraphile@${POSTGRAPHILE_VERSION} and node@${NODE22_VERSION} into ${path.relative(process.cwd(), dir)} (once)`);
  mkdirSync(dir, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', `postgraphile@${POSTGRAPHILE_VERSION}`, `node@${NODE22_VERSION}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!existsSync(node) || !existsSync(cli)) throw new Error(`PostGraphile or Node 22 missing after npm install in ${dir}`);
  return { node, cli };
}

/** The schema PostGraphile serves besides public: only what the benchmark adds. */
export const BENCH_SCHEMA = 'bench';

/**
 * PostGraphile has no relevance search of its own; the idiomatic way is a
 * SQL function, which it serves as a root connection field. This one ranks
 * the way our service does, through the database's own search_rank with
 * our parameters (src/modules/search), best first, and takes how many to
 * keep (`top`), which search_rank cuts inside as our service does: a
 * connection's `first` cannot reach into a function, and without it the
 * whole ranking is joined to its rows before the page is taken, several
 * times the database's work. The limit baseline calls it too.
 */
export async function createSearchFunction(client: pg.ClientBase): Promise<void> {
  const { k1, b, weights, nearWeight, nearPerWord, nearWordsMax, shortQueryWords, maxTerms } = RELEVANCE;
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${BENCH_SCHEMA}`);
  await client.query(`
    DROP FUNCTION IF EXISTS ${BENCH_SCHEMA}.search_statements(text)`);
  await client.query(`
    CREATE OR REPLACE FUNCTION ${BENCH_SCHEMA}.search_statements(q text, top int) RETURNS SETOF public.statement
    LANGUAGE sql STABLE AS $$
      SELECT s.* FROM public.search_rank(q, true, ${nearWeight}, ${nearPerWord}, ${nearWordsMax}, ${shortQueryWords}, ${maxTerms}, ${k1}, ${b},
                                         ${weights.text}, ${weights.quote}, ${weights.title}, ${weights.speaker}, top) r
      JOIN public.statement s ON s.id = r.id
      ORDER BY r.rank DESC, s.id DESC
    $$`);
}

/** argv for starting PostGraphile (production mode, amber preset) on 127.0.0.1:port. */
export function postGraphileArgs(install: PostGraphileInstall, databaseUrl: string, port: number): string[] {
  return [install.cli, '-P', 'postgraphile/presets/amber', '-c', databaseUrl, '-s', `public,${BENCH_SCHEMA}`, '-n', '127.0.0.1', '-p', String(port)];
}
