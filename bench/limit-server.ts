/**
 * The limit baseline: what the benchmark's questions cost with no GraphQL
 * at all. node:http and pg, one hand-written SQL statement per request
 * (prepared, built by PostgreSQL as JSON), the answer sent as PostgreSQL
 * wrote it. Nothing a GraphQL server does can be cheaper than this, so it
 * tells how far from the floor we are.
 *
 *   node dist/bench/limit-server.js <database-url> <port>
 *
 * Requests are POST / with {"scenario": "page", "after": uuid|null},
 * {"scenario": "one", "id": uuid} or {"scenario": "search", "q": ...}.
 */
import http from 'node:http';
import pg from 'pg';

/** Our `speaker`, `appearances` and `rebuttals` fields of one statement `s`, in our order. */
const STATEMENT_WITH_RELATIONS = `json_build_object(
  'id', s.id, 'text', s.text, 'quote', s.quote, 'statedAt', s.stated_at, 'status', s.status,
  'speaker', (SELECT json_build_object('id', sp.id, 'name', sp.name) FROM speaker sp WHERE sp.id = s.speaker_id),
  'appearances', coalesce((
    SELECT json_agg(json_build_object('url', a.url, 'publishedAt', a.published_at, 'source', json_build_object('name', so.name))
                    ORDER BY a.published_at NULLS LAST, a.id)
    FROM appearance a JOIN source so ON so.id = a.source_id WHERE a.statement_id = s.id), '[]'),
  'rebuttals', coalesce((
    SELECT json_agg(json_build_object('id', r.id, 'text', r.text, 'speaker', json_build_object('name', rs.name))
                    ORDER BY l.created_at, l.id)
    FROM statement_link l JOIN statement r ON r.id = l.from_id JOIN speaker rs ON rs.id = r.speaker_id
    WHERE l.to_id = s.id AND l.kind = 'REBUTS'), '[]'))`;

/**
 * A page of S1's list; with `after`, the one after that id. Two statements,
 * not one with `$1 IS NULL OR s.id < $1`: once PostgreSQL switches a
 * prepared statement to its generic plan, that condition is no longer an
 * index bound, and page 500 walked the index from the top, filtering out
 * 10,000 rows (3-4x page 1's time).
 */
const page = (after: boolean) => `
  SELECT json_build_object('data', json_build_object(
    'statements', coalesce(json_agg(page.statement ORDER BY page.id DESC), '[]'),
    'endCursor', (array_agg(page.id ORDER BY page.id))[1]))::text AS body
  FROM (
    SELECT s.id, ${STATEMENT_WITH_RELATIONS} AS statement
    FROM statement s
    ${after ? 'WHERE s.id < $1::uuid' : ''}
    ORDER BY s.id DESC
    LIMIT 20
  ) page`;
const FIRST_PAGE = page(false);
const PAGE_AFTER = page(true);

const ONE = `
  SELECT json_build_object('data', json_build_object('statement', json_build_object(
    'id', s.id, 'text', s.text, 'quote', s.quote, 'statedAt', s.stated_at, 'language', s.language,
    'status', s.status, 'version', s.version,
    'speaker', (SELECT json_build_object('id', sp.id, 'name', sp.name, 'kind', sp.kind, 'affiliation', sp.affiliation, 'title', sp.title)
                FROM speaker sp WHERE sp.id = s.speaker_id),
    'appearances', coalesce((
      SELECT json_agg(json_build_object('url', a.url, 'publishedAt', a.published_at, 'wording', a.wording,
                                        'source', json_build_object('name', so.name, 'slug', so.slug))
                      ORDER BY a.published_at NULLS LAST, a.id)
      FROM appearance a JOIN source so ON so.id = a.source_id WHERE a.statement_id = s.id), '[]'),
    'verdicts', coalesce((
      SELECT json_agg(json_build_object('status', v.status, 'rationale', v.rationale, 'reviewer', v.reviewer, 'createdAt', v.created_at,
               'evidence', coalesce((SELECT json_agg(json_build_object('url', e.url, 'title', e.title, 'stance', e.stance) ORDER BY e.position)
                                     FROM evidence e WHERE e.verdict_id = v.id), '[]'))
                      ORDER BY v.created_at DESC, v.id DESC)
      FROM verdict v WHERE v.statement_id = s.id), '[]'),
    'rebuttals', coalesce((
      SELECT json_agg(json_build_object('id', r.id, 'text', r.text, 'speaker', json_build_object('name', rs.name)) ORDER BY l.created_at, l.id)
      FROM statement_link l JOIN statement r ON r.id = l.from_id JOIN speaker rs ON rs.id = r.speaker_id
      WHERE l.to_id = s.id AND l.kind = 'REBUTS'), '[]'),
    'rebuts', coalesce((
      SELECT json_agg(json_build_object('id', r.id, 'text', r.text, 'speaker', json_build_object('name', rs.name)) ORDER BY l.created_at, l.id)
      FROM statement_link l JOIN statement r ON r.id = l.to_id JOIN speaker rs ON rs.id = r.speaker_id
      WHERE l.from_id = s.id AND l.kind = 'REBUTS'), '[]')
  )))::text AS body
  FROM statement s WHERE s.id = $1::uuid`;

/** The search as our service runs it, through the function PostGraphile serves too (postgraphile.ts). */
const SEARCH = `
  SELECT json_build_object('data', json_build_object(
    'statements', coalesce(json_agg(found.statement ORDER BY found.n), '[]')))::text AS body
  FROM (
    SELECT s.ordinality AS n, json_build_object('id', s.id, 'text', s.text, 'statedAt', s.stated_at,
             'speaker', (SELECT json_build_object('name', sp.name) FROM speaker sp WHERE sp.id = s.speaker_id)) AS statement
    FROM bench.search_statements($1, 20) WITH ORDINALITY AS s
    ORDER BY s.ordinality
    LIMIT 20
  ) found`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function query(body: Record<string, unknown>): pg.QueryConfig {
  switch (body.scenario) {
    case 'page': {
      const after = body.after ?? null;
      if (after !== null && (typeof after !== 'string' || !UUID.test(after))) throw new Error('after must be a uuid');
      return after === null ? { name: 'first-page', text: FIRST_PAGE, values: [] } : { name: 'page-after', text: PAGE_AFTER, values: [after] };
    }
    case 'one':
      if (typeof body.id !== 'string' || !UUID.test(body.id)) throw new Error('id must be a uuid');
      return { name: 'one', text: ONE, values: [body.id] };
    case 'search': {
      if (typeof body.q !== 'string') throw new Error('q expected');
      return { name: 'search', text: SEARCH, values: [body.q] };
    }
    default:
      throw new Error('unknown scenario');
  }
}

export function startLimitServer(databaseUrl: string, port: number): Promise<http.Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let config: pg.QueryConfig;
      try {
        config = query(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      } catch (error) {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
        return;
      }
      pool.query<{ body: string }>(config).then(
        (result) => {
          const body = result.rows[0]?.body ?? '{"data":{"statement":null}}';
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        },
        (error: Error) => {
          console.error(error.message);
          response.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"internal error"}]}');
        },
      );
    });
  });
  server.on('close', () => void pool.end());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [url, port] = process.argv.slice(2);
  if (!url || !port) {
    console.error('usage: node dist/bench/limit-server.js <database-url> <port>');
    process.exit(2);
  }
  const server = await startLimitServer(url, Number(port));
  console.log(`limit baseline listening on http://127.0.0.1:${port}/`);
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
