import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Role } from '../../src/generated/prisma/enums.js';
import { parseGlobalId, toGlobalId, type NodeType } from '../../src/ids.js';
import { hashKey } from '../../src/modules/auth/apikey.service.js';
import { createSource, createSpeaker, createStatement, link, setVerdict, token } from '../support/factories.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Property-based tests of every mutation's input. fast-check generates
 * random, hostile and (often enough) valid values for each input field; each
 * case goes through GraphQL over HTTP with variables, and for every case:
 *
 * - the HTTP status is never 5xx;
 * - the answer is data without errors, or errors that each carry a code from
 *   the documented vocabulary (never INTERNAL_SERVER_ERROR), and the server
 *   reports no masked error;
 * - no answer leaks internals (Prisma, SQL, connection strings, stack
 *   traces, file paths);
 * - a failed mutation writes nothing (row counts, the fixtures' contents and
 *   the audit trail are unchanged) and a successful one writes what it says
 *   plus exactly one audit entry (an import: one for the batch and one per
 *   statement it creates, none when it records nothing; revoking a revoked key: none);
 * - callers without a key, with a bad key or with too small a role never
 *   write, and get UNAUTHENTICATED (HTTP 401 for a bad key) or FORBIDDEN;
 * - the global invariants of the data hold afterwards.
 *
 * Then the same for a page size (`first`) in a mutation's selection, and for
 * the string arguments of reads that reach SQL.
 *
 * With TEST_DATABASE_URL every test file shares one database, so the
 * before/after comparisons then only look at what this file owns (its keys'
 * audit entries, its fixture statements, its victim keys); on the embedded
 * database (the default) they compare every table.
 */

const RUNS = 40;
const isolated = !inject('databaseUrl');

let api: TestServer;

// ---------------------------------------------------------------------------
// Vocabulary and leak markers

const CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'QUERY_TOO_COMPLEX',
]);

const LEAKS: [string, RegExp][] = [
  ['prisma', /prisma/i],
  ['Invalid `', /Invalid `/],
  ['SELECT', /\bSELECT\b/],
  ['postgres://', /postgres(ql)?:\/\//i],
  ['stack trace', / {4}at /],
  ['/src/', /\/src\//],
  ['node_modules', /node_modules/],
];
/** Generated values never contain a leak marker, so that an error message echoing one cannot pass for a leak. */
const noLeak = (value: string) => LEAKS.every(([, pattern]) => !pattern.test(value));

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Text as stored: trimmed. A lone surrogate (which JSON can carry as a \u
 * escape but UTF-8 cannot encode) comes back as U+FFFD.
 */
const stored = (text: string) => text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD').trim().normalize('NFC');
/** A name as stored: NFC, each run of Unicode whitespace one space (see src/names.ts). */
const storedName = (text: string) => text.normalize('NFC').replace(/\p{White_Space}+/gu, ' ').replace(/^ | $/g, '');

// ---------------------------------------------------------------------------
// Values

const BLANKS = ['', ' ', '   ', '\t', '\n', '\r\n', ' \t\n ', '\u00A0', '\u200B', '\u3000', '\uFEFF', '\u2028'];
const CONTROLS = ['\u0000', 'a\u0000b', 'nul at end\u0000', '\u0001', 'bell \u0007', '\b', '\u000B', '\f', '\u001B[31mred\u001B[0m', '\u007F', '\u0085'];
const SQLISH = [
  "'; DROP TABLE statement; --",
  "Robert'); DROP TABLE speaker;--",
  "' OR '1'='1",
  '" OR ""="',
  '%',
  '%%',
  '_',
  '%_%',
  '\\',
  '\\\\',
  "\\'",
  "'",
  '"',
  '`',
  ';',
  '--',
  '/* */',
  '$1',
  '$$',
  ':name',
  '?',
  'NULL',
  'null',
  'undefined',
  '0x00',
  '%00',
  '\\0',
  '\\x00',
  '{}',
  '[]',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
];
const UNICODE = [
  '🙂',
  '👩🏽‍🚒',
  '🏳️‍🌈',
  'مرحبا بالعالم',
  'قال المتحدث إن المحادثات ستستأنف في جنيف',
  '\u202Egnp.exe\u202C',
  '\u200F\u200E',
  'שלום',
  'e\u0301\u0301\u0301',
  'Z\u0334\u0321\u0322a\u0337l\u0336g\u0335o\u0338',
  '\u0301',
  '日本語のテキスト',
  'ß',
  'İstanbul',
  'ﷺ',
  '𝕳𝖊𝖑𝖑𝖔',
  '\uFFFD',
  '\uFFFF',
];
/** JSON can carry these as \u escapes; what the server makes of them is part of the test. */
const LONE_SURROGATES = ['\uD800', '\uDFFF', 'a\uD83D', '\uDE00b'];
const WRONG_TYPES: unknown[] = [42, -1, 0, 1.5, 1e300, true, false, {}, { value: 'x' }, [], ['x'], [null]];

const repeatTo = (n: number) => fc.constantFrom('a', 'é', '🙂', ' ', "'", '\u0301', 'ب').map((c) => c.repeat(n));
const huge = fc.constantFrom(199, 200, 201, 500, 501, 1000, 1001, 2049, 5000, 5001, 10_000, 10_001, 20_000).chain(repeatTo);

/** Strings a client should never rely on being accepted. */
const hostileString: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(...BLANKS),
    fc.constantFrom(...CONTROLS),
    fc.constantFrom(...SQLISH),
    fc.constantFrom(...UNICODE),
    fc.constantFrom(...LONE_SURROGATES),
    huge,
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc
      .tuple(fc.constantFrom(...CONTROLS, ...SQLISH, ...UNICODE, ...BLANKS), fc.string({ maxLength: 10 }))
      .map(([a, b]) => `${b}${a}${b}`),
  )
  .filter(noLeak);

/** Text a field should accept (1 character or more, no control characters), hostile-looking or not. */
const plainText: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('The talks will resume in Geneva.', 'Damascus', 'Staffan de Mistura', 'قال', '🙂 a claim', 'x'),
    fc.constantFrom(...SQLISH, ...UNICODE),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.tuple(fc.constantFrom(...SQLISH, ...UNICODE), fc.constantFrom('  ', '\t', '\n', '')).map(([a, pad]) => `${pad}${a}${pad}`),
  )
  .filter((s) => s.trim() !== '' && !CONTROL.test(s) && !LONE_SURROGATE.test(s) && noLeak(s));

const wrongType = fc.constantFrom(...WRONG_TYPES);

/** A text field with at most `max` characters; mostly valid. */
function textArb(max: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: plainText },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom(max, max + 1).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: wrongType },
  );
}

/** An optional field: left out, null, or a value. */
function optional(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: arb });
}

function enumArb(values: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...values) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<unknown>(
        'SIDEWAYS',
        values[0]!.toLowerCase(),
        ` ${values[0]}`,
        `${values[0]} `,
        '',
        'null',
        "'; DROP TABLE statement; --",
        0,
        1,
        true,
        null,
        {},
        [values[0]],
      ),
    },
  );
}

const hostileUrls = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:,hello',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://files.example/x',
  'mailto:desk@example.org',
  'example.org/story',
  'www.example.org',
  '//example.org/story',
  '/relative/path',
  '?q=1',
  'https://',
  'http://',
  'https:///story',
  'https://user:secret@example.org/story',
  'https://user@example.org/story',
  'http://a b.org/',
  'https://ex\u0000ample.org/',
  'https://example.org/\u0000',
  'https://example.org/\u0007bell',
  'https://例え.jp/パス',
  'https://xn--r8jz45g.jp/',
  'http://[::1]/',
  'http://127.0.0.1:99999/',
  'http://0x7f.1/',
  'http://localhost/',
  `https://example.org/${'a'.repeat(3000)}`,
  `http://${'a'.repeat(3000)}.org/`,
  `https://example.org/?q=${'%'.repeat(2100)}`,
  'https://example.org/%',
  "https://example.org/'; DROP TABLE statement; --",
  'https://example.org/?q=%00',
  'HTTPS://EXAMPLE.ORG/Story',
  '  https://example.org/padded  ',
];
const validUrl: fc.Arbitrary<string> = fc
  .oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).map((s) => `https://news.example/${encodeURIComponent(s)}`),
    fc.constantFrom('https://www.reuters.com', 'http://sana.sy/en/?p=1', 'https://例え.jp/パス', 'https://example.org/مقال'),
  )
  .filter(noLeak);
const urlArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: validUrl },
  { weight: 4, arbitrary: fc.constantFrom(...hostileUrls) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

const now = Date.now();
const hostileDates: unknown[] = [
  '0001-01-01T00:00:00Z',
  '1799-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59Z',
  new Date(now + 3 * 86_400_000).toISOString(),
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00Z',
  '2017-02-30T00:00:00Z',
  '2017-13-01T00:00:00Z',
  '2017-05-16T25:00:00Z',
  '2017-05-16T12:00:00',
  '2017-05-16T12:00:00+25:00',
  '2017-05-16',
  '16/05/2017',
  'yesterday',
  'NaN',
  '',
  ' ',
  0,
  1_495_000_000,
  -1,
  1e20,
  1.5,
  true,
  {},
  [],
];
const dateArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date(now), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2017-05-16T12:00:00+14:00', '2017-05-16T12:00:00.123456789Z', '1800-01-01T00:00:00Z') },
  { weight: 3, arbitrary: fc.constantFrom(...hostileDates) },
);

const languageArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('en', 'ar', 'fr', 'EN-gb', 'ar-SY', 'zh-Hant-TW', 'und', ' en ') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('x', 'i-klingon', 'root', 'english', 'en_US', '', ' ', 'x'.repeat(36), 'en\u0000', 'ar-😀', "en'; --"),
  },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

const countryArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('QA', 'fr', 'sy', ' GB ', 'US', '') },
  { weight: 2, arbitrary: fc.constantFrom('UK', 'EU', 'ZZ', 'SU', 'USA', 'Q', 'qa\u0000', '🇶🇦') },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: wrongType },
);

const versionValues: unknown[] = [0, -1, -2_147_483_648, 2_147_483_647, 2_147_483_648, 9_007_199_254_740_991, 1e300, 1.5, -0.5, 1e-7, '1', '', null, true, [], {}];
/** The version the statement is at when the case runs, the one before it, or anything else. */
const CURRENT = { version: 'current' } as const;
const STALE = { version: 'stale' } as const;
const versionArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(CURRENT) },
  { weight: 1, arbitrary: fc.constant(STALE) },
  { weight: 2, arbitrary: fc.constantFrom(...versionValues) },
  { weight: 1, arbitrary: fc.integer() },
);

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** An ID argument expecting `expected`: mostly one that exists, else every way an ID can be wrong. */
function idArb(expected: NodeType, existing: readonly string[], others: readonly string[]): fc.Arbitrary<unknown> {
  const uuid = fc.uuid();
  return fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...existing) },
    { weight: 1, arbitrary: fc.constantFrom(...existing).map((id) => ` ${id}\n`) },
    // Standard base64 (with '+', '/' and padding) of an ID that exists.
    { weight: 1, arbitrary: fc.constantFrom(...existing).map((id) => b64(Buffer.from(id, 'base64url').toString('utf8'))) },
    // Well-formed, of the right type, naming nothing.
    { weight: 2, arbitrary: uuid.map((u) => toGlobalId(expected, u)) },
    // IDs of other types that exist, and of other types that do not.
    { weight: 2, arbitrary: fc.constantFrom(...others) },
    { weight: 1, arbitrary: uuid.map((u) => b64(`${expected === 'Speaker' ? 'Statement' : 'Speaker'}:${u}`)) },
    {
      weight: 2,
      arbitrary: uuid.chain((u) =>
        fc.constantFrom(
          '',
          ' ',
          '0',
          '-1',
          'null',
          u,
          b64url(`${expected}:`),
          b64url(`${expected}:not-a-uuid`),
          b64url(`${expected}:${u.toUpperCase()}`),
          b64url(`${expected.toLowerCase()}:${u}`),
          b64url(`Bogus:${u}`),
          b64url(`:${u}`),
          b64url(`${expected}:${u}\u0000`),
          b64url(`${expected}:${u}'; DROP TABLE statement; --`),
          `${toGlobalId(expected, u)}=`,
          `${toGlobalId(expected, u)}===`,
          'x'.repeat(201),
          toGlobalId(expected, u).repeat(5),
        ),
      ),
    },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(123, -1, 1.5, true, {}, [], null) },
  );
}

/** Sometimes the input object itself is wrong: a key missing, an unknown key, or not an object at all. */
function mangled(arb: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 14, arbitrary: arb },
    {
      weight: 1,
      arbitrary: fc.tuple(arb, fc.nat()).map(([value, i]) => {
        const keys = Object.keys(value);
        if (keys.length === 0) return value;
        const copy = { ...value };
        delete copy[keys[i % keys.length]!];
        return copy;
      }),
    },
    { weight: 1, arbitrary: arb.map((value) => ({ ...value, unexpected: 'field' })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'input', 42, [], true, [{}]) },
  );
}

// ---------------------------------------------------------------------------
// Callers

interface Caller {
  kind: Role | 'ANONYMOUS' | 'UNKNOWN_KEY' | 'MALFORMED_HEADER' | 'REVOKED_KEY';
  header: string | null;
}

const RANK: Record<Role, number> = { CONTRIBUTOR: 1, FACT_CHECKER: 2, ADMIN: 3 };
const mine = {} as Record<Role, { key: string; id: string }>;
let revokedKey: string;

/** Mostly an ADMIN key; sometimes the exact role needed, a lower one, none, or a bad one. */
function callerArb(required: Role): fc.Arbitrary<Caller> {
  const roleCaller = (role: Role): Caller => ({ kind: role, header: `Bearer ${mine[role].key}` });
  const lower = (['CONTRIBUTOR', 'FACT_CHECKER'] as Role[]).filter((role) => RANK[role] < RANK[required]);
  const refused: fc.Arbitrary<Caller>[] = [
    fc.constant<Caller>({ kind: 'ANONYMOUS', header: null }),
    fc.constant(0).map((): Caller => ({ kind: 'REVOKED_KEY', header: `Bearer ${revokedKey}` })),
    fc
      .string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 50 })
      .filter((s) => /^[\x21-\x7e]*$/.test(s))
      .map((s): Caller => ({ kind: 'UNKNOWN_KEY', header: `Bearer fck_${s}` })),
    fc
      .constantFrom('Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Token fck_x', "Bearer ' OR 1=1 --", 'fck_abc')
      .map((header): Caller => ({ kind: 'MALFORMED_HEADER', header })),
    ...lower.map((role) => fc.constant(0).map(() => roleCaller(role))),
  ];
  return fc.oneof(
    { weight: 14, arbitrary: fc.constant(0).map(() => roleCaller('ADMIN')) },
    { weight: 3, arbitrary: fc.constant(0).map(() => roleCaller(required)) },
    { weight: 2, arbitrary: fc.oneof(...refused) },
  );
}

// ---------------------------------------------------------------------------
// Database snapshots and invariants

interface Snapshot {
  counts: Record<string, number>;
  fixtures: string;
}

const fixture = {
  sources: [] as string[],
  sourceSlugs: [] as string[],
  speakers: [] as string[],
  statements: [] as string[],
  appearanceUrls: [] as string[],
  links: [] as { fromId: string; toId: string; kind: string }[],
  victims: [] as string[],
  others: [] as string[],
};

const dbId = (globalId: string) => parseGlobalId(globalId)!.id;
const sqlList = (globalIds: string[]) => globalIds.map((id) => `'${dbId(id)}'::uuid`).join(', ');

async function snapshot(): Promise<Snapshot> {
  const keyIds = Object.values(mine).map((k) => `'${k.id}'::uuid`).join(', ');
  const global = isolated
    ? `,
      (SELECT count(*) FROM audit_entry)::int AS "auditAll",
      (SELECT count(*) FROM source)::int AS sources,
      (SELECT count(*) FROM speaker)::int AS speakers,
      (SELECT count(*) FROM statement)::int AS statements,
      (SELECT count(*) FROM appearance)::int AS appearances,
      (SELECT count(*) FROM statement_link)::int AS links,
      (SELECT count(*) FROM verdict)::int AS verdicts,
      (SELECT count(*) FROM evidence)::int AS evidence,
      (SELECT count(*) FROM api_key)::int AS "apiKeys",
      (SELECT count(*) FROM api_key WHERE revoked_at IS NOT NULL)::int AS "revokedKeys",
      (SELECT count(*) FROM external_review)::int AS imports,
      (SELECT coalesce(sum(version), 0) FROM statement)::int AS "versionSum"`
    : '';
  const [row] = await api.db.$queryRawUnsafe<Record<string, number | string>[]>(`
    SELECT
      (SELECT count(*) FROM audit_entry WHERE key_id IN (${keyIds}))::int AS audit,
      (SELECT count(*) FROM api_key WHERE revoked_at IS NOT NULL AND id IN (${sqlList(fixture.victims)}))::int AS "revokedVictims",
      (SELECT md5(coalesce(string_agg(concat_ws('|', s.id, s.version, s.status, md5(s.text), md5(coalesce(s.quote, '')), s.stated_at,
          s.language, s.speaker_id,
          (SELECT count(*) FROM appearance a WHERE a.statement_id = s.id),
          (SELECT count(*) FROM verdict v WHERE v.statement_id = s.id),
          (SELECT count(*) FROM statement_link l WHERE l.from_id = s.id),
          (SELECT count(*) FROM statement_link l WHERE l.to_id = s.id)), ',' ORDER BY s.id), ''))
        FROM statement s WHERE s.id IN (${sqlList(fixture.statements)})) AS fixtures
      ${global}`);
  const { fixtures, ...counts } = row!;
  return { counts: counts as Record<string, number>, fixtures: String(fixtures) };
}

function delta(before: Snapshot, after: Snapshot): Record<string, number> {
  return Object.fromEntries(Object.keys(before.counts).map((key) => [key, after.counts[key]! - before.counts[key]!]));
}

/** What a successful write changed: exactly `expected` (others zero), except the `free` counters. */
function expectDelta(changes: Record<string, number>, expected: Record<string, number>, free: string[], context: string): void {
  for (const [key, value] of Object.entries(changes)) {
    if (free.includes(key)) continue;
    const want = key === 'auditAll' ? (expected.audit ?? 0) : (expected[key] ?? 0);
    expect(value, `${key} changed by ${value}, expected ${want}: ${context}`).toBe(want);
  }
}

async function invariantViolations(): Promise<{ problem: string; n: number }[]> {
  const rows = await api.db.$queryRawUnsafe<{ problem: string; n: number }[]>(`
    SELECT 'status is not the latest verdict''s (or UNVERIFIED without one)' AS problem, count(*)::int AS n
      FROM statement s
      LEFT JOIN LATERAL (
        SELECT v.status FROM verdict v WHERE v.statement_id = s.id ORDER BY v.created_at DESC, v.id DESC LIMIT 1
      ) lv ON true
      WHERE s.status <> coalesce(lv.status, 'UNVERIFIED'::verification_status)
    UNION ALL
    SELECT 'version below 1 + number of verdicts', count(*)::int
      FROM statement s WHERE s.version < 1 + (SELECT count(*) FROM verdict v WHERE v.statement_id = s.id)
    UNION ALL
    SELECT 'self-link', count(*)::int FROM statement_link WHERE from_id = to_id
    UNION ALL
    SELECT 'duplicate appearance (statement_id, url)', count(*)::int
      FROM (SELECT 1 FROM appearance GROUP BY statement_id, url HAVING count(*) > 1) d
    UNION ALL
    SELECT 'finding without rationale or evidence', count(*)::int
      FROM verdict v
      WHERE v.status NOT IN ('UNVERIFIED', 'IN_REVIEW')
        AND (v.rationale IS NULL OR btrim(v.rationale) = '' OR NOT EXISTS (SELECT 1 FROM evidence e WHERE e.verdict_id = v.id))
    UNION ALL
    SELECT 'verdict with more than 20 pieces of evidence', count(*)::int
      FROM (SELECT 1 FROM evidence GROUP BY verdict_id HAVING count(*) > 20) e
    UNION ALL
    SELECT 'URL that is not http(s)', count(*)::int FROM (
      SELECT url FROM appearance UNION ALL SELECT url FROM evidence UNION ALL SELECT homepage_url FROM source WHERE homepage_url IS NOT NULL
    ) u WHERE u.url !~ '^https?://'
    UNION ALL
    SELECT 'blank or control characters in stored text', count(*)::int FROM (
      SELECT text AS t FROM statement UNION ALL SELECT name FROM speaker UNION ALL SELECT name FROM source UNION ALL SELECT name FROM api_key
    ) x WHERE btrim(x.t) = '' OR x.t ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]'
    UNION ALL
    SELECT 'version below 1', count(*)::int FROM statement WHERE version < 1`);
  return rows.filter((row) => row.n > 0);
}

// ---------------------------------------------------------------------------
// Sending a case and checking it

interface Case {
  field: string;
  query: string;
  variables: Record<string, unknown>;
  caller: Caller;
  required: Role;
}

interface Outcome {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
  succeeded: boolean;
  result: any;
  changes: Record<string, number>;
  fixturesChanged: boolean;
  context: string;
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text);

/** Stand-ins (CURRENT, STALE) replaced by the statement's version as it is now. */
async function resolveVersion(value: unknown, statementId: unknown): Promise<unknown> {
  if (value !== CURRENT && value !== STALE) return value;
  const parsed = typeof statementId === 'string' ? parseGlobalId(statementId.trim()) : undefined;
  const row =
    parsed?.type === 'Statement' ? await api.db.statement.findUnique({ where: { id: parsed.id }, select: { version: true } }) : null;
  const current = row?.version ?? 1;
  return value === CURRENT ? current : current > 1 ? current - 1 : current + 1;
}

async function send(c: Case): Promise<Outcome> {
  api.reported.length = 0;
  const before = await snapshot();
  const request = api.http.post('/graphql').set('content-type', 'application/json');
  if (c.caller.header !== null) request.set('authorization', c.caller.header);
  const res = await request.send(JSON.stringify({ query: c.query, variables: c.variables }));
  const after = await snapshot();
  const context = `${c.field} as ${c.caller.kind} with ${clip(JSON.stringify(c.variables))} -> HTTP ${res.status} ${clip(res.text ?? '')}`;

  // Never a 5xx, always a JSON body.
  expect(res.status, context).toBeLessThan(500);
  expect([200, 400, 401, 413], context).toContain(res.status);
  const body = res.body as Outcome['body'];
  expect(body !== null && typeof body === 'object', context).toBe(true);

  // Success, or errors from the vocabulary; nothing masked on the server side.
  const errors = body.errors;
  if (errors === undefined) {
    expect(body.data?.[c.field], context).toBeTruthy();
  } else {
    expect(Array.isArray(errors) && errors.length > 0, context).toBe(true);
    for (const error of errors) {
      expect(typeof error.message, context).toBe('string');
      const code = error.extensions?.code;
      expect(typeof code, context).toBe('string');
      expect(code, context).not.toBe('INTERNAL_SERVER_ERROR');
      expect(CODES.has(code as string), `unexpected code ${String(code)}: ${context}`).toBe(true);
      expect(error.extensions, context).not.toHaveProperty('stacktrace');
      expect(error.extensions, context).not.toHaveProperty('exception');
    }
  }
  expect(api.reported.map((e) => clip(String(e instanceof Error ? e.stack : e))), context).toEqual([]);

  // No internals in anything the client sees about an error.
  const visible = errors !== undefined ? JSON.stringify(errors) : res.text && !res.body ? res.text : '';
  for (const [name, pattern] of LEAKS) expect(pattern.test(visible), `leaks ${name}: ${context}`).toBe(false);

  const succeeded = errors === undefined;
  const changes = delta(before, after);
  const fixturesChanged = before.fixtures !== after.fixtures;

  // Who may write.
  if (['UNKNOWN_KEY', 'MALFORMED_HEADER', 'REVOKED_KEY'].includes(c.caller.kind)) {
    expect(res.status, context).toBe(401);
    expect(errors?.map((e) => e.extensions?.code), context).toEqual(['UNAUTHENTICATED']);
  } else if (c.caller.kind === 'ANONYMOUS' || RANK[c.caller.kind as Role] < RANK[c.required]) {
    expect(succeeded, context).toBe(false);
    const refusal = c.caller.kind === 'ANONYMOUS' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    // Only errors about the request as a whole (variable coercion) come before the role check.
    for (const error of errors ?? []) {
      if (error.path !== undefined) expect(error.extensions?.code, context).toBe(refusal);
    }
  }

  // A failed mutation writes nothing.
  if (!succeeded) {
    expect(changes, `a failed mutation wrote something: ${context}`).toEqual(Object.fromEntries(Object.keys(changes).map((k) => [k, 0])));
    expect(fixturesChanged, `a failed mutation changed a fixture: ${context}`).toBe(false);
  }
  return { status: res.status, body, succeeded, result: body.data?.[c.field], changes, fixturesChanged, context };
}

/** Runs a property and checks the global invariants afterwards; returns how many cases succeeded. */
async function property<T>(
  arb: fc.Arbitrary<T>,
  check: (value: T) => Promise<Outcome>,
  examples: T[] = [],
): Promise<{ runs: number; succeeded: number }> {
  let runs = 0;
  let succeeded = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      const outcome = await check(value);
      runs += 1;
      if (outcome.succeeded) succeeded += 1;
    }),
    { numRuns: RUNS, examples: examples.map((e) => [e] as [T]) },
  );
  expect(await invariantViolations()).toEqual([]);
  return { runs, succeeded };
}

// ---------------------------------------------------------------------------
// Fixtures

const GQL = {
  createSource: `mutation($input: CreateSourceInput!) { createSource(input: $input) { id slug name kind country homepageUrl stateAffiliated } }`,
  createSpeaker: `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id name kind affiliation title aliases } }`,
  createStatement: `mutation($input: CreateStatementInput!) {
    createStatement(input: $input) { id text quote statedAt language status version appearances { url source { id } } }
  }`,
  updateStatement: `mutation($input: UpdateStatementInput!) { updateStatement(input: $input) { id text quote statedAt language version speaker { id } } }`,
  addAppearance: `mutation($input: AddAppearanceInput!) { addAppearance(input: $input) { id url publishedAt wording source { id } statement { id } } }`,
  linkStatements: `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id kind note from { id } to { id } } }`,
  unlinkStatements: `mutation($input: UnlinkStatementsInput!) { unlinkStatements(input: $input) { id kind from { id } to { id } } }`,
  setVerdict: `mutation($input: SetVerdictInput!) {
    setVerdict(input: $input) { id status rationale reviewer evidence { url title stance } statement { id status version } }
  }`,
  createApiKey: `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role revokedAt } } }`,
  revokeApiKey: `mutation($id: ID!) { revokeApiKey(id: $id) { id name revokedAt } }`,
  importClaimReviews: `mutation($documents: [JSON!]!) {
    importClaimReviews(documents: $documents) { created matched skipped items { index reviewUrl outcome reason statement { id status } } }
  }`,
};

const SOURCE_KINDS = ['NEWS_AGENCY', 'BROADCASTER', 'NEWSPAPER', 'STATE_MEDIA', 'GOVERNMENT', 'ONLINE', 'OTHER'];
const SPEAKER_KINDS = ['PERSON', 'ORGANIZATION', 'GOVERNMENT_BODY'];
const LINK_KINDS = ['REBUTS', 'SUPPORTS', 'REPEATS', 'CLARIFIES'];
const STATUSES = ['UNVERIFIED', 'IN_REVIEW', 'TRUE', 'MOSTLY_TRUE', 'MIXED', 'MISLEADING', 'MOSTLY_FALSE', 'FALSE', 'UNPROVEN'];
const STANCES = ['SUPPORTS', 'REFUTES', 'CONTEXT'];
const ROLES = ['CONTRIBUTOR', 'FACT_CHECKER', 'ADMIN'];

const results: Record<string, { runs: number; succeeded: number }> = {};
const started = Date.now();

beforeAll(async () => {
  api = await startTestServer();
  for (const role of ROLES as Role[]) {
    const key = await api.createKey(role, `Property ${role.toLowerCase()} ${token()}`);
    const row = await api.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashKey(key) } });
    mine[role] = { key, id: row.id };
  }
  const admin = { key: mine.ADMIN.key };

  revokedKey = await api.createKey('ADMIN', `Property revoked ${token()}`);
  const revoked = await api.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashKey(revokedKey) } });
  await api.ok(GQL.revokeApiKey, { id: toGlobalId('ApiKey', revoked.id) }, admin);

  for (let i = 0; i < 8; i++) {
    const key = await api.createKey('CONTRIBUTOR', `Victim ${i} ${token()}`);
    const row = await api.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashKey(key) } });
    fixture.victims.push(toGlobalId('ApiKey', row.id));
  }
  for (let i = 0; i < 3; i++) {
    const source = await createSource(api);
    fixture.sources.push(source.id);
    fixture.sourceSlugs.push(source.slug);
    fixture.speakers.push((await createSpeaker(api)).id);
  }
  for (let i = 0; i < 6; i++) {
    const url = `https://fixtures.example/${token()}`;
    fixture.appearanceUrls.push(url);
    const statement = await createStatement(api, {
      speakerId: fixture.speakers[i % 3],
      appearances: [{ sourceId: fixture.sources[i % 3], url }],
    });
    fixture.statements.push(statement.id);
  }
  const [s0, s1, s2, s3, s4, s5] = fixture.statements as [string, string, string, string, string, string];
  for (const [from, to, kind] of [
    [s0, s1, 'REBUTS'],
    [s1, s2, 'REBUTS'],
    [s2, s3, 'SUPPORTS'],
    [s3, s4, 'REPEATS'],
    [s4, s5, 'CLARIFIES'],
    [s5, s0, 'REBUTS'],
    [s1, s0, 'SUPPORTS'],
    [s2, s4, 'REBUTS'],
  ] as const) {
    await link(api, from, to, kind, 'fixture');
    fixture.links.push({ fromId: from, toId: to, kind });
  }
  const verdict = await setVerdict(api, s0, 1);
  const appearance = await api.db.appearance.findFirstOrThrow({ where: { statementId: dbId(s0) } });
  const statementLink = await api.db.statementLink.findFirstOrThrow({ where: { fromId: dbId(s0) } });
  fixture.others = [
    fixture.sources[0]!,
    fixture.speakers[0]!,
    s0,
    verdict.id,
    toGlobalId('Appearance', appearance.id),
    toGlobalId('StatementLink', statementLink.id),
    fixture.victims[0]!,
  ];
  expect(await invariantViolations()).toEqual([]);
});

afterAll(async () => {
  const summary = Object.entries(results)
    .map(([name, r]) => `${name}: ${r.runs} runs, ${r.succeeded} succeeded`)
    .join('\n');
  console.info(`mutation properties (${RUNS} runs each, ${((Date.now() - started) / 1000).toFixed(1)} s):\n${summary}`);
  await api?.close();
});

/** IDs of existing rows of every type but `type`. */
const othersThan = (type: NodeType) => fixture.others.filter((id) => parseGlobalId(id)!.type !== type);

/** A caller allowed to make the write: an ADMIN key or a key with exactly the role needed. */
function allowedCaller(required: Role): fc.Arbitrary<Caller> {
  return fc.constantFrom(...new Set<Role>(['ADMIN', required])).map((role): Caller => ({ kind: role, header: `Bearer ${mine[role].key}` }));
}

/**
 * A third of the cases are valid input (random, and as hostile-looking as
 * valid input can be: SQL-ish, RTL, emoji, combining marks, padded with
 * blanks) from a caller who may write, so that success is exercised too;
 * the rest are anything from anyone.
 */
function cases(required: Role, valid: fc.Arbitrary<unknown>, any: fc.Arbitrary<unknown>): fc.Arbitrary<[Caller, unknown]> {
  return fc.oneof({ weight: 1, arbitrary: fc.tuple(allowedCaller(required), valid) }, { weight: 2, arbitrary: fc.tuple(callerArb(required), any) });
}

const validDate = fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date(now), noInvalidDate: true }).map((d) => d.toISOString());
const validLanguage = fc.constantFrom('en', 'ar', 'fr', 'EN-gb', 'ar-SY', 'zh-Hant-TW', 'und', ' en ');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** The same value with stand-ins (CURRENT, STALE) for `key` replaced by the statement's version now. */
async function withVersion(raw: unknown, key: string, idKey: string): Promise<unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const value = raw as Record<string, unknown>;
  return { ...value, [key]: await resolveVersion(value[key], value[idKey]) };
}

// ---------------------------------------------------------------------------
// The properties

describe('mutation input properties', () => {
  it('createSource', async () => {
    const validSlug = fc.stringMatching(/^[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,2}$/).map((s) => `p-${s}`);
    const valid = fc.record(
      {
        slug: fc.oneof({ weight: 4, arbitrary: validSlug }, { weight: 1, arbitrary: validSlug.map((s) => ` ${s}\t`) }),
        name: plainText,
        kind: fc.constantFrom(...SOURCE_KINDS),
        country: fc.constantFrom('QA', 'fr', 'sy', ' GB ', 'US', '', null),
        homepageUrl: fc.oneof(validUrl, fc.constantFrom('HTTPS://EXAMPLE.ORG/Story', '  https://example.org/padded  ', '', null)),
        stateAffiliated: fc.boolean(),
      },
      { requiredKeys: ['slug', 'name', 'kind'] },
    );
    const slugArb: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 10, arbitrary: validSlug },
      { weight: 1, arbitrary: fc.constantFrom(...fixture.sourceSlugs) },
      { weight: 1, arbitrary: fc.constantFrom('A-B', 'a--b', '-a', 'a-', 'a'.repeat(65), 'al jazeera', 'äj', 'a_b', 'a%', "a'--") },
      { weight: 2, arbitrary: hostileString },
      { weight: 1, arbitrary: wrongType },
    );
    const any = mangled(
      fc.record(
        {
          slug: slugArb,
          name: textArb(200),
          kind: enumArb(SOURCE_KINDS),
          country: optional(countryArb),
          homepageUrl: optional(urlArb),
          stateAffiliated: optional(fc.oneof({ weight: 6, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom<unknown>('true', 1, 0, 'yes') })),
        },
        { requiredKeys: ['slug', 'name', 'kind'] },
      ),
    );
    results.createSource = await property(cases('CONTRIBUTOR', valid, any), async ([caller, value]) => {
      const outcome = await send({ field: 'createSource', query: GQL.createSource, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
      if (outcome.succeeded) {
        expectDelta(outcome.changes, { audit: 1, sources: 1 }, [], outcome.context);
        const given = value as { slug: string; name: string; homepageUrl?: string | null; country?: string | null };
        expect(outcome.result.slug, outcome.context).toBe(stored(given.slug));
        expect(outcome.result.name, outcome.context).toBe(storedName(given.name));
        if (outcome.result.homepageUrl !== null) expect(outcome.result.homepageUrl, outcome.context).toMatch(/^https?:\/\//);
        if (outcome.result.country !== null) expect(outcome.result.country, outcome.context).toMatch(/^[A-Z]{2}$/);
      }
      return outcome;
    });
    expect(results.createSource.succeeded).toBeGreaterThan(0);
  });

  it('createSpeaker', async () => {
    const valid = fc.record(
      {
        name: plainText,
        kind: fc.constantFrom(...SPEAKER_KINDS),
        affiliation: maybe(fc.oneof(plainText, fc.constantFrom('', ' ', null))),
        title: maybe(fc.oneof(plainText, fc.constantFrom('', ' ', null))),
        aliases: maybe(fc.array(fc.oneof(plainText, fc.constantFrom('', ' ')), { maxLength: 5 })),
      },
      { requiredKeys: ['name', 'kind'] },
    );
    const aliasesArb: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 6, arbitrary: fc.array(textArb(200), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(Array.from({ length: 51 }, (_, i) => `alias ${i}`), Array.from({ length: 50 }, () => 'same')) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('one alias', [null], [''], ['  '], 42) },
    );
    const any = mangled(
      fc.record(
        {
          name: textArb(200),
          kind: enumArb(SPEAKER_KINDS),
          affiliation: optional(textArb(200)),
          title: optional(textArb(200)),
          aliases: optional(aliasesArb),
        },
        { requiredKeys: ['name', 'kind'] },
      ),
    );
    const admin: Caller = { kind: 'ADMIN', header: `Bearer ${mine.ADMIN.key}` };
    results.createSpeaker = await property(
      cases('CONTRIBUTOR', valid, any),
      async ([caller, value]) => {
        const outcome = await send({ field: 'createSpeaker', query: GQL.createSpeaker, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
        if (outcome.succeeded) {
          expectDelta(outcome.changes, { audit: 1, speakers: 1 }, [], outcome.context);
          expect(outcome.result.name, outcome.context).toBe(storedName((value as { name: string }).name));
          expect(outcome.result.aliases.length, outcome.context).toBeLessThanOrEqual(50);
          for (const alias of outcome.result.aliases as string[]) expect(alias.trim(), outcome.context).toBe(alias);
        }
        return outcome;
      },
      // A lone surrogate in the name is stored as U+FFFD; in an alias (found by this property) it must not fail differently.
      [
        [admin, { name: 'Lone \uD800 surrogate', kind: 'PERSON' }],
        [admin, { name: 'Lone surrogate alias', kind: 'PERSON', aliases: ['\uDFFF'] }],
      ],
    );
    expect(results.createSpeaker.succeeded).toBeGreaterThan(0);
  });

  it('createStatement (with appearances)', async () => {
    const validAppearance = fc.record(
      {
        sourceId: fc.constantFrom(...fixture.sources),
        url: validUrl,
        publishedAt: maybe(validDate),
        wording: maybe(fc.oneof(plainText, fc.constant(null))),
      },
      { requiredKeys: ['sourceId', 'url'] },
    );
    const valid = fc.record(
      {
        speakerId: fc.constantFrom(...fixture.speakers),
        text: plainText,
        quote: maybe(fc.oneof(plainText, fc.constantFrom('', null))),
        statedAt: maybe(fc.oneof(validDate, fc.constant(null))),
        language: maybe(validLanguage),
        appearances: maybe(fc.uniqueArray(validAppearance, { maxLength: 3, selector: (a) => new URL(a.url.trim()).toString() })),
      },
      { requiredKeys: ['speakerId', 'text'] },
    );
    const appearance = fc.record(
      {
        sourceId: idArb('Source', fixture.sources, othersThan('Source')),
        url: urlArb,
        publishedAt: optional(dateArb),
        wording: optional(textArb(5000)),
      },
      { requiredKeys: ['sourceId', 'url'] },
    );
    const source = fixture.sources[0]!;
    const appearancesArb: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 8, arbitrary: fc.array(appearance, { maxLength: 3 }) },
      // The same URL twice, as given or once normalised.
      { weight: 1, arbitrary: appearance.map((a) => [a, { ...a }]) },
      {
        weight: 1,
        arbitrary: fc.constant<unknown>([
          { sourceId: source, url: 'https://Example.org/same' },
          { sourceId: source, url: 'https://example.org/same' },
        ]),
      },
      // One over the limit.
      { weight: 1, arbitrary: fc.constant<unknown>(Array.from({ length: 51 }, (_, i) => ({ sourceId: source, url: `https://example.org/${i}` }))) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('https://example.org/', [null], {}, [{}], [[]]) },
    );
    const any = mangled(
      fc.record(
        {
          speakerId: idArb('Speaker', fixture.speakers, othersThan('Speaker')),
          text: textArb(5000),
          quote: optional(textArb(5000)),
          statedAt: optional(dateArb),
          language: optional(languageArb),
          appearances: optional(appearancesArb),
        },
        { requiredKeys: ['speakerId', 'text'] },
      ),
    );
    results.createStatement = await property(cases('CONTRIBUTOR', valid, any), async ([caller, value]) => {
      const outcome = await send({ field: 'createStatement', query: GQL.createStatement, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
      if (outcome.succeeded) {
        const given = value as { text: string; appearances?: unknown[] | null };
        const appearances = Array.isArray(given.appearances) ? given.appearances.length : given.appearances == null ? 0 : 1;
        expectDelta(outcome.changes, { audit: 1, statements: 1, appearances, versionSum: 1 }, [], outcome.context);
        expect(outcome.result, outcome.context).toMatchObject({ version: 1, status: 'UNVERIFIED', text: stored(given.text) });
        expect(outcome.result.appearances.length, outcome.context).toBe(appearances);
      }
      return outcome;
    });
    expect(results.createStatement.succeeded).toBeGreaterThan(0);
  });

  it('updateStatement', async () => {
    const valid = fc
      .record(
        {
          id: fc.constantFrom(...fixture.statements),
          expectedVersion: fc.constant<unknown>(CURRENT),
          text: maybe(plainText),
          quote: maybe(fc.oneof(plainText, fc.constantFrom('', null))),
          speakerId: maybe(fc.constantFrom(...fixture.speakers)),
          statedAt: maybe(fc.oneof(validDate, fc.constant(null))),
          language: maybe(validLanguage),
        },
        { requiredKeys: ['id', 'expectedVersion'] },
      )
      // At least one change, or the input is refused as empty.
      .map((input) => (Object.values(input).filter((v) => v !== undefined).length > 2 ? input : { ...input, quote: null }));
    const any = mangled(
      fc.record(
        {
          id: idArb('Statement', fixture.statements, othersThan('Statement')),
          expectedVersion: versionArb,
          text: optional(textArb(5000)),
          quote: optional(textArb(5000)),
          speakerId: optional(idArb('Speaker', fixture.speakers, othersThan('Speaker'))),
          statedAt: optional(dateArb),
          language: optional(languageArb),
        },
        { requiredKeys: ['id', 'expectedVersion'] },
      ),
    );
    results.updateStatement = await property(cases('CONTRIBUTOR', valid, any), async ([caller, raw]) => {
      const value = await withVersion(raw, 'expectedVersion', 'id');
      const target = parseGlobalId(String((value as { id?: unknown } | null)?.id ?? '').trim());
      const before = target?.type === 'Statement' ? await api.db.statement.findUnique({ where: { id: target.id } }) : null;
      const outcome = await send({ field: 'updateStatement', query: GQL.updateStatement, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
      if (outcome.succeeded) {
        const given = value as { expectedVersion: number; text?: string | null };
        // New words under a finding reopen review: one more verdict, and its audit entry.
        const after = await api.db.statement.findUniqueOrThrow({ where: { id: before!.id } });
        const reworded = before!.text !== after.text || before!.quote !== after.quote || before!.speakerId !== after.speakerId;
        const reopened = reworded && !['UNVERIFIED', 'IN_REVIEW'].includes(before!.status);
        expectDelta(outcome.changes, reopened ? { audit: 2, verdicts: 1, versionSum: 1 } : { audit: 1, versionSum: 1 }, [], outcome.context);
        expect(after.status, outcome.context).toBe(reopened ? 'IN_REVIEW' : before!.status);
        expect(outcome.result.version, outcome.context).toBe(given.expectedVersion + 1);
        if (typeof given.text === 'string') expect(outcome.result.text, outcome.context).toBe(stored(given.text));
      }
      return outcome;
    });
    expect(results.updateStatement.succeeded).toBeGreaterThan(0);
  });

  it('addAppearance', async () => {
    const valid = fc.record(
      {
        statementId: fc.constantFrom(...fixture.statements),
        sourceId: fc.constantFrom(...fixture.sources),
        url: validUrl,
        publishedAt: maybe(fc.oneof(validDate, fc.constant(null))),
        wording: maybe(fc.oneof(plainText, fc.constantFrom('', null))),
      },
      { requiredKeys: ['statementId', 'sourceId', 'url'] },
    );
    const any = mangled(
      fc.record(
        {
          statementId: idArb('Statement', fixture.statements, othersThan('Statement')),
          sourceId: idArb('Source', fixture.sources, othersThan('Source')),
          url: fc.oneof({ weight: 6, arbitrary: urlArb }, { weight: 1, arbitrary: fc.constantFrom(...fixture.appearanceUrls) }),
          publishedAt: optional(dateArb),
          wording: optional(textArb(5000)),
        },
        { requiredKeys: ['statementId', 'sourceId', 'url'] },
      ),
    );
    results.addAppearance = await property(cases('CONTRIBUTOR', valid, any), async ([caller, value]) => {
      const outcome = await send({ field: 'addAppearance', query: GQL.addAppearance, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
      if (outcome.succeeded) {
        expectDelta(outcome.changes, { audit: 1, appearances: 1 }, [], outcome.context);
        expect(outcome.result.url, outcome.context).toMatch(/^https?:\/\//);
      }
      return outcome;
    });
    expect(results.addAppearance.succeeded).toBeGreaterThan(0);
  });

  it('linkStatements', async () => {
    const valid = fc
      .uniqueArray(fc.constantFrom(...fixture.statements), { minLength: 2, maxLength: 2 })
      .chain(([fromId, toId]) =>
        fc.record({ fromId: fc.constant(fromId!), toId: fc.constant(toId!), kind: fc.constantFrom(...LINK_KINDS), note: maybe(fc.oneof(plainText, fc.constantFrom('', null))) }, { requiredKeys: ['fromId', 'toId', 'kind'] }),
      );
    const statementId = idArb('Statement', fixture.statements, othersThan('Statement'));
    const any = mangled(
      fc.record(
        { fromId: statementId, toId: statementId, kind: enumArb(LINK_KINDS), note: optional(textArb(1000)) },
        { requiredKeys: ['fromId', 'toId', 'kind'] },
      ),
    );
    // Self-links, plainly and disguised by blanks or another base64 alphabet.
    const admin: Caller = { kind: 'ADMIN', header: `Bearer ${mine.ADMIN.key}` };
    const s0 = fixture.statements[0]!;
    const examples: [Caller, unknown][] = [
      [admin, { fromId: s0, toId: s0, kind: 'REBUTS' }],
      [admin, { fromId: s0, toId: ` ${s0} `, kind: 'SUPPORTS' }],
      [admin, { fromId: s0, toId: b64(Buffer.from(s0, 'base64url').toString('utf8')), kind: 'REPEATS' }],
    ];
    results.linkStatements = await property(
      cases('CONTRIBUTOR', valid, any),
      async ([caller, value]) => {
        const outcome = await send({ field: 'linkStatements', query: GQL.linkStatements, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
        if (outcome.succeeded) {
          expectDelta(outcome.changes, { audit: 1, links: 1 }, [], outcome.context);
          expect(outcome.result.from.id, outcome.context).not.toBe(outcome.result.to.id);
        }
        return outcome;
      },
      examples,
    );
    expect(results.linkStatements.succeeded).toBeGreaterThan(0);
  });

  it('unlinkStatements', async () => {
    // A link that exists when the case runs, picked by index.
    const EXISTING = { link: 'existing' } as const;
    const valid = fc.tuple(fc.constant(EXISTING), fc.nat());
    const statementId = idArb('Statement', fixture.statements, othersThan('Statement'));
    const any = mangled(
      fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...fixture.links).map((l) => ({ ...l }) as Record<string, unknown>) },
        { weight: 4, arbitrary: fc.record({ fromId: statementId, toId: statementId, kind: enumArb(LINK_KINDS) }) },
      ),
    );
    results.unlinkStatements = await property(cases('CONTRIBUTOR', valid, any), async ([caller, raw]) => {
      let value = raw;
      if (Array.isArray(raw) && raw[0] === EXISTING) {
        const links = await api.db.statementLink.findMany({
          where: { fromId: { in: fixture.statements.map(dbId) } },
          orderBy: { id: 'asc' },
        });
        const picked = links[(raw[1] as number) % Math.max(links.length, 1)];
        value = picked
          ? { fromId: toGlobalId('Statement', picked.fromId), toId: toGlobalId('Statement', picked.toId), kind: picked.kind }
          : { ...fixture.links[0]! };
      }
      const outcome = await send({ field: 'unlinkStatements', query: GQL.unlinkStatements, variables: { input: value }, caller, required: 'CONTRIBUTOR' });
      if (outcome.succeeded) expectDelta(outcome.changes, { audit: 1, links: -1 }, [], outcome.context);
      return outcome;
    });
    expect(results.unlinkStatements.succeeded).toBeGreaterThan(0);
  });

  it('setVerdict', async () => {
    const validEvidence = fc.uniqueArray(
      fc.record({ url: validUrl, title: maybe(fc.oneof(plainText, fc.constantFrom('', null))), stance: fc.constantFrom(...STANCES) }, { requiredKeys: ['url', 'stance'] }),
      { minLength: 1, maxLength: 3, selector: (e) => new URL(e.url.trim()).toString() },
    );
    const valid = fc.record({
      statementId: fc.constantFrom(...fixture.statements),
      expectedVersion: fc.constant<unknown>(CURRENT),
      status: fc.constantFrom(...STATUSES),
      rationale: plainText,
      evidence: validEvidence,
    });
    const evidenceItem = fc.record(
      { url: urlArb, title: optional(textArb(500)), stance: enumArb(STANCES) },
      { requiredKeys: ['url', 'stance'] },
    );
    const evidenceArb: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 8, arbitrary: fc.array(evidenceItem, { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: evidenceItem.map((e) => [e, { ...e }]) },
      { weight: 1, arbitrary: fc.constant<unknown>(Array.from({ length: 21 }, (_, i) => ({ url: `https://example.org/e${i}`, stance: 'CONTEXT' }))) },
      { weight: 1, arbitrary: fc.constant<unknown>(Array.from({ length: 20 }, (_, i) => ({ url: `https://example.org/e${i}`, stance: 'REFUTES' }))) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>([], [null], 'https://example.org/', {}, [{}]) },
    );
    const any = mangled(
      fc.record(
        {
          statementId: idArb('Statement', fixture.statements, othersThan('Statement')),
          expectedVersion: versionArb,
          status: enumArb(STATUSES),
          rationale: fc.oneof({ weight: 6, arbitrary: textArb(10_000) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null) }),
          evidence: fc.oneof({ weight: 6, arbitrary: evidenceArb }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null) }),
        },
        { requiredKeys: ['statementId', 'expectedVersion', 'status'] },
      ),
    );
    results.setVerdict = await property(cases('FACT_CHECKER', valid, any), async ([caller, raw]) => {
      const value = await withVersion(raw, 'expectedVersion', 'statementId');
      const outcome = await send({ field: 'setVerdict', query: GQL.setVerdict, variables: { input: value }, caller, required: 'FACT_CHECKER' });
      if (outcome.succeeded) {
        const given = value as { status: string; expectedVersion: number; evidence?: unknown[] | null };
        const evidence = Array.isArray(given.evidence) ? given.evidence.length : given.evidence == null ? 0 : 1;
        expectDelta(outcome.changes, { audit: 1, verdicts: 1, evidence, versionSum: 1 }, [], outcome.context);
        expect(outcome.result.statement, outcome.context).toMatchObject({ status: given.status, version: given.expectedVersion + 1 });
        expect(outcome.result.reviewer, outcome.context).toMatch(/^Property /);
        if (!['UNVERIFIED', 'IN_REVIEW'].includes(given.status)) {
          expect(outcome.result.rationale, outcome.context).toBeTruthy();
          expect(outcome.result.evidence.length, outcome.context).toBeGreaterThan(0);
        }
      }
      return outcome;
    });
    expect(results.setVerdict.succeeded).toBeGreaterThan(0);
  });

  it('createApiKey', async () => {
    const valid = fc.record({ name: plainText, role: fc.constantFrom(...ROLES) });
    const any = mangled(fc.record({ name: textArb(200), role: enumArb(ROLES) }));
    results.createApiKey = await property(cases('ADMIN', valid, any), async ([caller, value]) => {
      const outcome = await send({ field: 'createApiKey', query: GQL.createApiKey, variables: { input: value }, caller, required: 'ADMIN' });
      if (outcome.succeeded) {
        expectDelta(outcome.changes, { audit: 1, apiKeys: 1 }, [], outcome.context);
        expect(outcome.result.key, outcome.context).toMatch(/^fck_[A-Za-z0-9_-]{43}$/);
        expect(outcome.result.apiKey, outcome.context).toMatchObject({ name: stored((value as { name: string }).name), revokedAt: null });
      }
      return outcome;
    });
    expect(results.createApiKey.succeeded).toBeGreaterThan(0);
  });

  it('revokeApiKey', async () => {
    const valid = fc.constantFrom(...fixture.victims);
    const any = idArb('ApiKey', fixture.victims, othersThan('ApiKey'));
    results.revokeApiKey = await property(cases('ADMIN', valid, any), async ([caller, value]) => {
      const outcome = await send({ field: 'revokeApiKey', query: GQL.revokeApiKey, variables: { id: value }, caller, required: 'ADMIN' });
      if (outcome.succeeded) {
        expect(outcome.result.revokedAt, outcome.context).toBeTruthy();
        // Revoking a key again changes nothing and records nothing.
        const newly = outcome.changes.revokedVictims!;
        expect([0, 1], outcome.context).toContain(newly);
        expectDelta(outcome.changes, { audit: newly, revokedVictims: newly, revokedKeys: newly }, [], outcome.context);
      }
      return outcome;
    });
    expect(results.revokeApiKey.succeeded).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// importClaimReviews

const RATINGS = ['False', 'Pants on Fire!', 'mostly true', 'Half True', 'Missing context', 'Unproven', 'TRUE', ' incorrect '];
const UNKNOWN_RATINGS = ['Research in progress', 'Baloney', '', ' ', 'Ложь', '🙂'];

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 1e300, '', 'x', [], {}, [[[[[[]]]]]], { '@graph': [] }, { '@type': 'DataFeed' }),
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
);

function reviewArb(): fc.Arbitrary<Record<string, unknown>> {
  const reviewUrl = fc.oneof(
    { weight: 10, arbitrary: fc.uuid().map((u) => `https://checker.example.net/reviews/${u}`) },
    { weight: 1, arbitrary: fc.constant('https://checker.example.net/reviews/always-the-same') },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(...hostileUrls) },
    { weight: 1, arbitrary: wrongType },
  );
  const rating = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...RATINGS).map((alternateName) => ({ '@type': 'Rating', alternateName })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.oneof(fc.integer({ min: -2, max: 7 }), fc.constantFrom<unknown>('3', '1e3', 'NaN', 1.5, null)), fc.constantFrom<unknown>(5, '5', 10, 0))
        .map(([ratingValue, bestRating]) => ({ ratingValue, bestRating, worstRating: 1 })),
    },
    { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_RATINGS).map((alternateName) => ({ alternateName })) },
    { weight: 1, arbitrary: jsonValue },
  );
  const appearance = fc.oneof(
    validUrl,
    fc.record(
      {
        '@type': fc.constant('CreativeWork'),
        url: urlArb,
        datePublished: optional(dateArb),
        publisher: optional(fc.oneof(fc.record({ '@type': fc.constant('Organization'), name: textArb(200), url: optional(urlArb) }), jsonValue)),
      },
      { requiredKeys: ['url'] },
    ),
    jsonValue,
  );
  const claim = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        {
          '@type': fc.constant('Claim'),
          author: fc.oneof(
            {
              weight: 8,
              arbitrary: fc.record(
                {
                  '@type': fc.constantFrom<unknown>('Person', 'Organization', 'GovernmentOrganization', 'Thing', ['Person'], 42),
                  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('Jane Doe', 'Ministry of Water', 'JANE DOE') }, { weight: 4, arbitrary: textArb(200) }),
                  jobTitle: optional(textArb(200)),
                },
                { requiredKeys: ['name'] },
              ),
            },
            { weight: 1, arbitrary: jsonValue },
          ),
          datePublished: optional(dateArb),
          inLanguage: optional(languageArb),
          appearance: optional(fc.oneof(fc.array(appearance, { maxLength: 3 }), appearance)),
          firstAppearance: optional(appearance),
        },
        { requiredKeys: ['author'] },
      ),
    },
    { weight: 1, arbitrary: jsonValue },
  );
  return fc.record(
    {
      '@context': optional(fc.constantFrom<unknown>('https://schema.org', 'http://schema.org/', 42)),
      '@type': fc.oneof(
        { weight: 12, arbitrary: fc.constant<unknown>('ClaimReview') },
        { weight: 1, arbitrary: fc.constantFrom<unknown>('schema:ClaimReview', ['ClaimReview', 'Thing'], 'https://schema.org/ClaimReview', 'WebPage', '', 42, null) },
      ),
      url: reviewUrl,
      claimReviewed: fc.oneof({ weight: 6, arbitrary: plainText.map((t) => `${t} ${token()}`) }, { weight: 3, arbitrary: textArb(5000) }),
      author: optional(fc.oneof(fc.record({ '@type': fc.constant('Organization'), name: textArb(200), url: optional(urlArb) }), jsonValue)),
      reviewRating: rating,
      itemReviewed: claim,
      // Properties the import does not read, but keeps with the document.
      description: optional(fc.oneof(plainText, hostileString)),
      reviewBody: optional(jsonValue),
    },
    { requiredKeys: ['@type', 'url', 'claimReviewed', 'reviewRating', 'itemReviewed'] },
  );
}

function wrap(review: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: review },
    { weight: 1, arbitrary: fc.array(review, { maxLength: 2 }).map((graph) => ({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, ...graph] })) },
    { weight: 1, arbitrary: fc.array(review, { maxLength: 2 }).map((items) => ({ '@type': 'DataFeed', dataFeedElement: items.map((item) => ({ '@type': 'DataFeedItem', item })) })) },
    { weight: 1, arbitrary: review.map((r) => [[[[[[r]]]]]]) },
    { weight: 2, arbitrary: jsonValue },
  );
}

/** A ClaimReview every rule accepts, with hostile-looking but valid text. */
function validReviewArb(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      '@context': fc.constant('https://schema.org'),
      '@type': fc.constant('ClaimReview'),
      url: fc.uuid().map((u) => `https://checker.example.net/reviews/${u}`),
      claimReviewed: plainText.map((t) => `${t} ${token()}`),
      author: fc.record({ '@type': fc.constant('Organization'), name: plainText }),
      reviewRating: fc.constantFrom(...RATINGS).map((alternateName) => ({ '@type': 'Rating', alternateName })),
      itemReviewed: fc.record(
        {
          '@type': fc.constant('Claim'),
          author: fc.record(
            { '@type': fc.constantFrom('Person', 'Organization', 'GovernmentOrganization'), name: plainText, jobTitle: maybe(plainText) },
            { requiredKeys: ['@type', 'name'] },
          ),
          datePublished: maybe(validDate),
          appearance: maybe(
            fc.uniqueArray(
              fc.record({ '@type': fc.constant('CreativeWork'), url: validUrl, publisher: fc.record({ '@type': fc.constant('Organization'), name: plainText }) }),
              { maxLength: 2, selector: (a) => new URL(a.url.trim()).toString() },
            ),
          ),
        },
        { requiredKeys: ['@type', 'author'] },
      ),
      description: maybe(plainText),
    },
    { requiredKeys: ['@context', '@type', 'url', 'claimReviewed', 'author', 'reviewRating', 'itemReviewed'] },
  );
}

interface ImportResult {
  created: number;
  matched: number;
  skipped: number;
  items: { outcome: string; reason: string | null; statement: { id: string; status: string } | null }[];
}

describe('importClaimReviews input properties', () => {
  /** A valid review carrying `description`, a property the import does not read but stores with the document. */
  const review = (description: string): Record<string, unknown> => ({
    '@type': 'ClaimReview',
    url: `https://checker.example.net/reviews/${token()}`,
    claimReviewed: `The dam holds twice its rated capacity ${token()}.`,
    reviewRating: { '@type': 'Rating', alternateName: 'False' },
    itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Jane Doe' } },
    description,
  });

  it('importClaimReviews', async () => {
    const factChecker: Caller = { kind: 'FACT_CHECKER', header: `Bearer ${mine.FACT_CHECKER.key}` };
    const valid = fc.array(validReviewArb(), { minLength: 1, maxLength: 3 });
    const any: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 12, arbitrary: fc.array(wrap(reviewArb()), { minLength: 1, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant<unknown>([]) },
      { weight: 1, arbitrary: fc.constant<unknown>(Array.from({ length: 1001 }, () => ({ '@type': 'ClaimReview' }))) },
      { weight: 1, arbitrary: fc.constant<unknown>([{ '@graph': Array.from({ length: 1001 }, () => ({ '@type': 'ClaimReview' })) }]) },
      { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'a document', 42, {}, [null]) },
    );
    results.importClaimReviews = await property(
      cases('FACT_CHECKER', valid, any),
      async ([caller, value]) => {
        const outcome = await send({
          field: 'importClaimReviews',
          query: GQL.importClaimReviews,
          variables: { documents: value },
          caller,
          required: 'FACT_CHECKER',
        });
        if (outcome.succeeded) {
          const result = outcome.result as ImportResult;
          expect(result.created + result.matched + result.skipped, outcome.context).toBe(result.items.length);
          const written = result.items.filter((i) => i.outcome === 'CREATED' || (i.outcome === 'MATCHED' && i.reason !== 'already imported')).length;
          for (const item of result.items) {
            if (item.outcome === 'SKIPPED') {
              expect(item.statement, outcome.context).toBeNull();
              expect(typeof item.reason === 'string' && item.reason.length > 0, outcome.context).toBe(true);
            } else {
              expect(item.statement, outcome.context).not.toBeNull();
            }
          }
          if (isolated) expect(outcome.changes.imports, outcome.context).toBe(written);
          if (written === 0) {
            // Every review skipped or already imported: nothing at all was written.
            expectDelta(outcome.changes, {}, [], outcome.context);
            expect(outcome.fixturesChanged, outcome.context).toBe(false);
          } else {
            // One importClaimReviews entry for the batch, and one per statement it created.
            expect(outcome.changes.audit, outcome.context).toBe(1 + result.created);
          }
        }
        return outcome;
      },
      [
        // A NUL, or a lone surrogate, in a property the import does not read.
        [factChecker, [review('a\u0000b')]],
        [factChecker, [review('lone \uD800 surrogate')]],
      ],
    );
    expect(results.importClaimReviews.succeeded).toBeGreaterThan(0);
  });

  it.each([
    ['a NUL in a property it does not read', { description: 'a\u0000b' }],
    ['a NUL in a property name', { 'x\u0000y': 'value' }],
    ['a lone surrogate in a property it does not read', { description: 'lone \uD800 surrogate' }],
    ['a NUL in the review URL path', { url: `https://checker.example.net/reviews/${token()}/\u0000` }],
    [
      'a NUL in an appearance publisher name',
      {
        itemReviewed: {
          '@type': 'Claim',
          author: { '@type': 'Person', name: 'Jane Doe' },
          appearance: [{ '@type': 'CreativeWork', url: `https://news.example.com/${token()}`, publisher: { '@type': 'Organization', name: 'Example\u0000News' } }],
        },
      },
    ],
  ])('imports or skips a review with %s, and never fails the whole call', async (_label, override) => {
    // A good review first: it must not be committed behind an error answer.
    const first = review('fine');
    const documents = [first, { ...review('x'), ...override }];
    const outcome = await send({
      field: 'importClaimReviews',
      query: GQL.importClaimReviews,
      variables: { documents },
      caller: { kind: 'FACT_CHECKER', header: `Bearer ${mine.FACT_CHECKER.key}` },
      required: 'FACT_CHECKER',
    });
    expect(outcome.succeeded, outcome.context).toBe(true);
    const result = outcome.result as ImportResult;
    expect(result.items.map((i) => i.outcome)[0], outcome.context).toBe('CREATED');
    expect(result.items, outcome.context).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------
// `first` in a mutation's selection

describe('page sizes in a mutation selection', () => {
  it('refuses a bad `first` before writing, or writes and answers', async () => {
    const query = `mutation($input: CreateSpeakerInput!, $first: Int) {
      createSpeaker(input: $input) { id name statements(first: $first) { totalCount edges { node { id } } } }
    }`;
    const firstArb: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<unknown>(-1, 101, 1000, -2_147_483_648, 2_147_483_647, 2_147_483_648, 1e300, 1.5, -0.5, '10', '', null, true, [], {}),
      },
      { weight: 1, arbitrary: fc.integer() },
    );
    const admin: Caller = { kind: 'ADMIN', header: `Bearer ${mine.ADMIN.key}` };
    results.pageSizeInSelection = await property(
      fc.tuple(plainText, firstArb),
      async ([name, first]) =>
        send({ field: 'createSpeaker', query, variables: { input: { name, kind: 'PERSON' }, first }, caller: admin, required: 'CONTRIBUTOR' }),
      // Out of the documented range 0..100 but valid Ints: checked by the field, after the write.
      [
        ['Page size minus one', -1],
        ['Page size 101', 101],
      ],
    );
    expect(results.pageSizeInSelection.succeeded).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------
// Invariants once every property has run

describe('the data afterwards', () => {
  it('meets every global invariant', async () => {
    expect(await invariantViolations()).toEqual([]);
    // Every entry written by this file's keys belongs to a successful write of one of the operations above.
    const operations = await api.db.auditEntry.groupBy({
      by: ['operation'],
      where: { keyId: { in: Object.values(mine).map((k) => k.id) } },
      _count: true,
    });
    // reopenReview: the verdict an updateStatement records when it rewords a finding.
    const known = new Set([...Object.keys(GQL), 'reopenReview']);
    for (const row of operations) expect(known.has(row.operation), row.operation).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Read arguments that reach SQL as strings

describe('read arguments', () => {
  const READS: [string, string][] = [
    ['statements(filter: { search })', 'query($s: String) { statements(filter: { search: $s }, first: 5) { totalCount edges { node { id } } } }'],
    ['speakers(search)', 'query($s: String) { speakers(search: $s, first: 5) { totalCount edges { node { id } } } }'],
    ['auditLog(filter: { operation })', 'query($s: String) { auditLog(filter: { operation: $s }, first: 5) { totalCount edges { node { id } } } }'],
    ['source(slug)', 'query($s: String) { source(slug: $s) { id } }'],
    ['statements(filter: { language })', 'query($s: String) { statements(filter: { language: $s }, first: 5) { totalCount } }'],
    ['statements(after)', 'query($s: String) { statements(after: $s, first: 5) { totalCount } }'],
  ];

  it.each(READS)('%s answers hostile strings without a server error', async (name, query) => {
    const admin = `Bearer ${mine.ADMIN.key}`;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(plainText, hostileString), async (text) => {
        api.reported.length = 0;
        const res = await api.http.post('/graphql').set('content-type', 'application/json').set('authorization', admin).send(JSON.stringify({ query, variables: { s: text } }));
        const context = `${name} with ${clip(JSON.stringify(text))} -> HTTP ${res.status} ${clip(res.text ?? '')}`;
        expect(res.status, context).toBeLessThan(500);
        for (const error of (res.body.errors ?? []) as { extensions?: { code?: string } }[]) {
          expect(CODES.has(error.extensions?.code ?? ''), context).toBe(true);
        }
        for (const [leak, pattern] of LEAKS) expect(pattern.test(JSON.stringify(res.body.errors ?? [])), `leaks ${leak}: ${context}`).toBe(false);
        expect(api.reported.length, context).toBe(0);
        runs += 1;
      }),
      { numRuns: 15, examples: [['a\u0000b'], ['lone \uD800']] },
    );
    results[`read ${name}`] = { runs, succeeded: runs };
  });
});
