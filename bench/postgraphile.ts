/**
 * PostGraphile 5 over the same tables, for comparison. It needs Node 22, and
 * the service supports Node 20, so both come from the npm registry into
 * bench/.postgraphile (ignored by git) on first use: nothing of it becomes a
 * dependency of the service.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

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
 * PostGraphile has no full-text search of its own; the idiomatic way is a
 * SQL function, which it serves as a root connection field. This one does
 * what our service does (statement.service.ts closeWords and
 * searchCondition): looks each word up among the stored words, then makes
 * one full-text query of the phrase and the words found. The limit baseline
 * calls it too.
 */
export async function createSearchFunction(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${BENCH_SCHEMA}`);
  await client.query(`
    CREATE OR REPLACE FUNCTION ${BENCH_SCHEMA}.search_statements(q text, words text[]) RETURNS SETOF public.statement
    LANGUAGE plpgsql STABLE AS $$
    DECLARE
      query tsquery := websearch_to_tsquery('english'::regconfig, q);
      fuzzy tsquery;
      alternatives tsquery;
      term text;
      near text;
    BEGIN
      FOREACH term IN ARRAY words LOOP
        alternatives := NULL;
        FOR near IN SELECT w.word FROM public.search_word w WHERE term <<% w.word ORDER BY term <<-> w.word, w.word LIMIT 20 LOOP
          alternatives := CASE WHEN alternatives IS NULL THEN plainto_tsquery('english'::regconfig, near)
                               ELSE alternatives || plainto_tsquery('english'::regconfig, near) END;
        END LOOP;
        IF alternatives IS NULL THEN
          fuzzy := NULL;
          EXIT;
        END IF;
        fuzzy := CASE WHEN fuzzy IS NULL THEN alternatives ELSE fuzzy && alternatives END;
      END LOOP;
      IF fuzzy IS NOT NULL THEN query := query || fuzzy; END IF;
      -- Planned for this tsquery, not a generic one, so the full-text index is used.
      RETURN QUERY EXECUTE
        $q$SELECT s.* FROM public.statement s
           WHERE to_tsvector('english'::regconfig, s.text || ' ' || coalesce(s.quote, '')) @@ $1
           ORDER BY s.id DESC$q$ USING query;
    END $$`);
}

/** argv for starting PostGraphile (production mode, amber preset) on 127.0.0.1:port. */
export function postGraphileArgs(install: PostGraphileInstall, databaseUrl: string, port: number): string[] {
  return [install.cli, '-P', 'postgraphile/presets/amber', '-c', databaseUrl, '-s', `public,${BENCH_SCHEMA}`, '-n', '127.0.0.1', '-p', String(port)];
}
