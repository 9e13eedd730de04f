import { randomBytes } from 'node:crypto';
import type { TestServer } from './server.js';

/**
 * Small factories that create data through the API, so every test starts
 * from rows made the way clients make them. Names carry a random token so
 * tests sharing a database never see each other's rows.
 */
export function token(): string {
  // Letters only: full-text search stems and splits digits differently.
  return Array.from(randomBytes(8), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

export interface Created {
  id: string;
}

export async function createSource(api: TestServer, overrides: Record<string, unknown> = {}): Promise<Created & { slug: string }> {
  const slug = `src-${token()}`;
  const data = await api.ok<{ createSource: Created & { slug: string } }>(
    `mutation($input: CreateSourceInput!) { createSource(input: $input) { id slug } }`,
    { input: { slug, name: `Source ${slug}`, kind: 'NEWS_AGENCY', ...overrides } },
  );
  return data.createSource;
}

export async function createSpeaker(api: TestServer, overrides: Record<string, unknown> = {}): Promise<Created & { name: string }> {
  const data = await api.ok<{ createSpeaker: Created & { name: string } }>(
    `mutation($input: CreateSpeakerInput!) { createSpeaker(input: $input) { id name } }`,
    { input: { name: `Speaker ${token()}`, kind: 'PERSON', ...overrides } },
  );
  return data.createSpeaker;
}

export async function createStatement(
  api: TestServer,
  overrides: Record<string, unknown> = {},
): Promise<Created & { version: number; speakerId: string }> {
  const speakerId = (overrides.speakerId as string | undefined) ?? (await createSpeaker(api)).id;
  const data = await api.ok<{ createStatement: Created & { version: number } }>(
    `mutation($input: CreateStatementInput!) { createStatement(input: $input) { id version } }`,
    { input: { speakerId, text: `A claim about ${token()}`, ...overrides } },
  );
  return { ...data.createStatement, speakerId };
}

export async function link(api: TestServer, fromId: string, toId: string, kind = 'REBUTS', note?: string): Promise<Created> {
  const data = await api.ok<{ linkStatements: Created }>(
    `mutation($input: LinkStatementsInput!) { linkStatements(input: $input) { id } }`,
    { input: { fromId, toId, kind, note } },
  );
  return data.linkStatements;
}

export const EVIDENCE = [{ url: 'https://example.org/report', title: 'A report', stance: 'REFUTES' }];

export async function setVerdict(
  api: TestServer,
  statementId: string,
  expectedVersion: number,
  overrides: Record<string, unknown> = {},
  key?: string,
): Promise<{ id: string; status: string; statement: { version: number } }> {
  const data = await api.ok<{ setVerdict: { id: string; status: string; statement: { version: number } } }>(
    `mutation($input: SetVerdictInput!) { setVerdict(input: $input) { id status statement { version } } }`,
    {
      input: {
        statementId,
        expectedVersion,
        status: 'FALSE',
        rationale: 'The record shows otherwise.',
        evidence: EVIDENCE,
        ...overrides,
      },
    },
    { key },
  );
  return data.setVerdict;
}
