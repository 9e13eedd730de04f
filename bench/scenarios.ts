/**
 * The questions the benchmark asks, written once for each server: our API,
 * PostGraphile over the same tables, and the limit baseline (one
 * hand-written SQL statement per request, see limit-server.ts).
 *
 * Each target also reduces its answer to the same plain shape, so that the
 * benchmark can check the three answer the same question with the same data
 * before it measures how fast they do it.
 */
import { parseGlobalId, toGlobalId } from '../src/ids.js';

export type ScenarioKey = 'page' | 'one' | 'search' | 'deep';
export type TargetName = 'ours' | 'postgraphile' | 'limit';

export interface ScenarioParams {
  /** A statement's database id (scenario "one"). */
  statementId: string;
  /** The two-word phrase searched for. */
  phrase: string;
  /** The `after` cursor of the page asked for ("deep"), in the target's own format; null for page 1. */
  after: string | null;
}

/** What every target's answer is reduced to before answers are compared. */
export interface Reduced {
  /** Statement ids at the top level, in answer order. */
  ids: string[];
  /** One line per top-level statement: speaker, appearances, rebuttals (and verdicts, rebuts for "one"). */
  details: string[];
  /** The cursor that continues the list, where the answer is a page. */
  endCursor: string | null;
}

export interface Target {
  name: TargetName;
  /** The request path on the target's server. */
  path: string;
  /** The JSON body of one request. */
  body(scenario: ScenarioKey, params: ScenarioParams): string;
  /** The answer reduced for comparison; throws on an error answer. */
  reduce(scenario: ScenarioKey, answer: unknown): Reduced;
}

export const SCENARIOS: { key: ScenarioKey; title: string }[] = [
  { key: 'page', title: 'S1 page of 20 statements with speaker, appearances+source, rebuttals+speaker' },
  { key: 'one', title: 'S2 one statement by id with everything, verdict history included' },
  { key: 'search', title: 'S3 two-word phrase search, first 20' },
  { key: 'deep', title: 'S4 a deep page by cursor (page 500 unless --deep-page says otherwise; same fields as S1)' },
];

/** Page size of every list scenario. */
export const PAGE_SIZE = 20;

// ---------------------------------------------------------------- ours

/** How docker-compose.yml runs the service against a database server (see the comment there; a test keeps them equal). */
export const OUR_NODE_FLAGS = ['--liftoff-only', '--max-old-space-size=256'];

export const OURS_PAGE = `query Page($after: String) {
  statements(first: ${PAGE_SIZE}, after: $after) {
    pageInfo { endCursor hasNextPage }
    edges { node {
      id text quote statedAt status
      speaker { id name }
      appearances { url publishedAt source { name } }
      rebuttals { id text speaker { name } }
    } }
  }
}`;

export const OURS_ONE = `query One($id: ID!) {
  statement(id: $id) {
    id text quote statedAt language status version
    speaker { id name kind affiliation title }
    appearances { url publishedAt wording source { name slug } }
    verdicts { status rationale reviewer createdAt evidence { url title stance } }
    rebuttals { id text speaker { name } }
    rebuts { id text speaker { name } }
  }
}`;

const OURS_SEARCH = `query Search($q: String!) {
  statements(first: ${PAGE_SIZE}, filter: { search: $q }) {
    edges { node { id text statedAt speaker { name } } }
  }
}`;

const statementUuid = (globalId: string): string => {
  const parsed = parseGlobalId(globalId);
  if (parsed?.type !== 'Statement') throw new Error(`not a Statement ID: ${globalId}`);
  return parsed.id;
};

/** Our global ID for a statement's database id. */
export const ourStatementId = (uuid: string): string => toGlobalId('Statement', uuid);

interface Row {
  [field: string]: unknown;
}

const dataOf = (answer: unknown): Row => {
  const { data, errors } = answer as { data?: Row; errors?: unknown[] };
  if (errors?.length || !data) throw new Error(`error answer: ${JSON.stringify(answer).slice(0, 500)}`);
  return data;
};

const sortedIds = (ids: string[]) => [...ids].sort().join(',');

function detailLine(s: {
  id: string;
  speaker: string;
  appearances: number;
  rebuttals: string[];
  rebuts?: string[];
  verdicts?: string[];
}): string {
  const parts = [s.id, `speaker=${s.speaker}`, `appearances=${s.appearances}`, `rebuttals=${sortedIds(s.rebuttals)}`];
  if (s.rebuts) parts.push(`rebuts=${sortedIds(s.rebuts)}`);
  if (s.verdicts) parts.push(`verdicts=${s.verdicts.join(',')}`);
  return parts.join(' ');
}

export const ours: Target = {
  name: 'ours',
  path: '/graphql',
  body(scenario, params) {
    switch (scenario) {
      case 'page':
      case 'deep':
        return JSON.stringify({ query: OURS_PAGE, variables: { after: params.after } });
      case 'one':
        return JSON.stringify({ query: OURS_ONE, variables: { id: ourStatementId(params.statementId) } });
      case 'search':
        return JSON.stringify({ query: OURS_SEARCH, variables: { q: params.phrase } });
    }
  },
  reduce(scenario, answer) {
    const data = dataOf(answer);
    if (scenario === 'one') {
      const s = data.statement as Row & { speaker: Row; appearances: Row[]; rebuttals: Row[]; rebuts: Row[]; verdicts: Row[] };
      const id = statementUuid(s.id as string);
      return {
        ids: [id],
        details: [
          detailLine({
            id,
            speaker: s.speaker.name as string,
            appearances: s.appearances.length,
            rebuttals: s.rebuttals.map((r) => statementUuid(r.id as string)),
            rebuts: s.rebuts.map((r) => statementUuid(r.id as string)),
            verdicts: s.verdicts.map((v) => v.status as string),
          }),
        ],
        endCursor: null,
      };
    }
    const connection = data.statements as { edges: { node: Row & { speaker: Row } }[]; pageInfo?: { endCursor: string | null } };
    const nodes = connection.edges.map((edge) => edge.node);
    return {
      ids: nodes.map((n) => statementUuid(n.id as string)),
      details:
        scenario === 'search'
          ? nodes.map((n) => `${statementUuid(n.id as string)} speaker=${n.speaker.name as string}`)
          : nodes.map((n) =>
              detailLine({
                id: statementUuid(n.id as string),
                speaker: n.speaker.name as string,
                appearances: (n.appearances as Row[]).length,
                rebuttals: (n.rebuttals as Row[]).map((r) => statementUuid(r.id as string)),
              }),
            ),
      endCursor: connection.pageInfo?.endCursor ?? null,
    };
  },
};

// ---------------------------------------------------------------- PostGraphile

/**
 * PostGraphile's amber preset only offers orderings backed by an index, so
 * nested lists are asked in primary-key order; answers are compared as sets
 * where the two orders could differ.
 */
const PG_PAGE = `query Page($after: Cursor) {
  allStatements(first: ${PAGE_SIZE}, after: $after, orderBy: PRIMARY_KEY_DESC) {
    pageInfo { endCursor hasNextPage }
    nodes {
      rowId text quote statedAt status
      speakerBySpeakerId { rowId name }
      appearancesByStatementId(orderBy: PRIMARY_KEY_ASC) { nodes { url publishedAt sourceBySourceId { name } } }
      statementLinksByToId(condition: { kind: REBUTS }, orderBy: PRIMARY_KEY_ASC) {
        nodes { statementByFromId { rowId text speakerBySpeakerId { name } } }
      }
    }
  }
}`;

const PG_ONE = `query One($id: UUID!) {
  statementByRowId(rowId: $id) {
    rowId text quote statedAt language status version
    speakerBySpeakerId { rowId name kind affiliation title }
    appearancesByStatementId(orderBy: PRIMARY_KEY_ASC) { nodes { url publishedAt wording sourceBySourceId { name slug } } }
    verdictsByStatementId(orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) {
      nodes { status rationale reviewer createdAt evidencesByVerdictId(orderBy: PRIMARY_KEY_ASC) { nodes { url title stance } } }
    }
    statementLinksByToId(condition: { kind: REBUTS }, orderBy: PRIMARY_KEY_ASC) {
      nodes { statementByFromId { rowId text speakerBySpeakerId { name } } }
    }
    statementLinksByFromId(condition: { kind: REBUTS }, orderBy: PRIMARY_KEY_ASC) {
      nodes { statementByToId { rowId text speakerBySpeakerId { name } } }
    }
  }
}`;

/** Served from bench.search_statements (see postgraphile.ts): the same ranking as ours. */
const PG_SEARCH = `query Search($q: String!) {
  benchSearchStatements(q: $q, top: ${PAGE_SIZE}, first: ${PAGE_SIZE}) {
    nodes { rowId text statedAt speakerBySpeakerId { name } }
  }
}`;

export const postgraphile: Target = {
  name: 'postgraphile',
  path: '/graphql',
  body(scenario, params) {
    switch (scenario) {
      case 'page':
      case 'deep':
        return JSON.stringify({ query: PG_PAGE, variables: { after: params.after } });
      case 'one':
        return JSON.stringify({ query: PG_ONE, variables: { id: params.statementId } });
      case 'search':
        return JSON.stringify({ query: PG_SEARCH, variables: { q: params.phrase } });
    }
  },
  reduce(scenario, answer) {
    const data = dataOf(answer);
    const nodesOf = (connection: unknown) => (connection as { nodes: Row[] }).nodes;
    if (scenario === 'one') {
      const s = data.statementByRowId as Row;
      return {
        ids: [s.rowId as string],
        details: [
          detailLine({
            id: s.rowId as string,
            speaker: (s.speakerBySpeakerId as Row).name as string,
            appearances: nodesOf(s.appearancesByStatementId).length,
            rebuttals: nodesOf(s.statementLinksByToId).map((l) => (l.statementByFromId as Row).rowId as string),
            rebuts: nodesOf(s.statementLinksByFromId).map((l) => (l.statementByToId as Row).rowId as string),
            verdicts: nodesOf(s.verdictsByStatementId).map((v) => v.status as string),
          }),
        ],
        endCursor: null,
      };
    }
    if (scenario === 'search') {
      const nodes = nodesOf(data.benchSearchStatements);
      return {
        ids: nodes.map((n) => n.rowId as string),
        details: nodes.map((n) => `${n.rowId as string} speaker=${(n.speakerBySpeakerId as Row).name as string}`),
        endCursor: null,
      };
    }
    const connection = data.allStatements as { nodes: Row[]; pageInfo: { endCursor: string | null } };
    return {
      ids: connection.nodes.map((n) => n.rowId as string),
      details: connection.nodes.map((n) =>
        detailLine({
          id: n.rowId as string,
          speaker: (n.speakerBySpeakerId as Row).name as string,
          appearances: nodesOf(n.appearancesByStatementId).length,
          rebuttals: nodesOf(n.statementLinksByToId).map((l) => (l.statementByFromId as Row).rowId as string),
        }),
      ),
      endCursor: connection.pageInfo.endCursor,
    };
  },
};

// ---------------------------------------------------------------- limit

/** The limit baseline answers in our field names (see limit-server.ts), with plain uuids. */
export const limit: Target = {
  name: 'limit',
  path: '/',
  body(scenario, params) {
    switch (scenario) {
      case 'page':
      case 'deep':
        return JSON.stringify({ scenario: 'page', after: params.after });
      case 'one':
        return JSON.stringify({ scenario: 'one', id: params.statementId });
      case 'search':
        return JSON.stringify({ scenario: 'search', q: params.phrase });
    }
  },
  reduce(scenario, answer) {
    const data = dataOf(answer);
    if (scenario === 'one') {
      const s = data.statement as Row & { speaker: Row; appearances: Row[]; rebuttals: Row[]; rebuts: Row[]; verdicts: Row[] };
      return {
        ids: [s.id as string],
        details: [
          detailLine({
            id: s.id as string,
            speaker: s.speaker.name as string,
            appearances: s.appearances.length,
            rebuttals: s.rebuttals.map((r) => r.id as string),
            rebuts: s.rebuts.map((r) => r.id as string),
            verdicts: s.verdicts.map((v) => v.status as string),
          }),
        ],
        endCursor: null,
      };
    }
    const nodes = data.statements as (Row & { speaker: Row })[];
    return {
      ids: nodes.map((n) => n.id as string),
      details:
        scenario === 'search'
          ? nodes.map((n) => `${n.id as string} speaker=${n.speaker.name as string}`)
          : nodes.map((n) =>
              detailLine({
                id: n.id as string,
                speaker: n.speaker.name as string,
                appearances: (n.appearances as Row[]).length,
                rebuttals: (n.rebuttals as Row[]).map((r) => r.id as string),
              }),
            ),
      endCursor: (data.endCursor as string | null | undefined) ?? null,
    };
  },
};

export const TARGETS: Target[] = [ours, postgraphile, limit];
