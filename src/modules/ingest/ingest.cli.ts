import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { toGlobalId } from '../../ids.js';
import { createServices } from '../../services.js';
import { systemActor } from '../auth/actor.js';
import { API_OPTIONS, API_USAGE, apiTarget, unreachable, type CommandInput } from '../../cli-api.js';

export const INGEST_USAGE = `usage:
  npm run ingest -- <file> --source <slug> --url <url> [--title <headline>] [--published-at <ISO date>] [--language <tag>]
                        [--api <http://host:4000/graphql> [--key-stdin | --key <API key>]]

Without --api it writes to DATABASE_URL, or to the embedded database in DATA_DIR (stop the service first).
With --api it sends the article to a running service, as any newsroom tool would.
${API_USAGE}`;

interface PrintableCandidate {
  position: number;
  speakerName: string;
  speakerText: string;
  matched: string | null;
  verb: string;
  stance: string;
  text: string;
  carrier: string | null;
  statedAt: string | null;
  startOffset: number;
  endOffset: number;
  suggestions: string[];
}

/** `npm run ingest`: an article file in, its candidates printed. Returns the exit code. */
export async function ingestCommand(argv: string[], env: Record<string, string | undefined>, io: CommandInput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        source: { type: 'string' },
        url: { type: 'string' },
        title: { type: 'string' },
        'published-at': { type: 'string' },
        language: { type: 'string' },
        ...API_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${INGEST_USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  if (values.help) {
    io.out(INGEST_USAGE);
    return 0;
  }
  const [file] = positionals;
  const target = await apiTarget(values, env, io);
  const problem = !file
    ? 'the article file is required'
    : !values.source
      ? '--source is required'
      : !values.url
        ? '--url is required'
        : 'problem' in target
          ? target.problem
          : values['published-at'] && Number.isNaN(Date.parse(values['published-at']))
            ? '--published-at must be an ISO date such as 2017-05-16T12:00:00Z'
            : undefined;
  if (problem || 'problem' in target) {
    io.err(`${problem}\n${INGEST_USAGE}`);
    return 2;
  }
  let body: string;
  try {
    body = await readFile(file!, 'utf8');
  } catch (error) {
    io.err(`Cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  const input = {
    url: values.url!,
    sourceSlug: values.source!,
    title: values.title ?? body.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 500) ?? values.url!,
    publishedAt: values['published-at'] ? new Date(values['published-at']) : null,
    language: values.language ?? null,
    body,
  };

  try {
    const result = target.api ? await viaApi(target.api, target.key, input) : await viaDatabase(env, input);
    io.out(`${result.created ? 'Ingested' : 'Already ingested'} ${result.url} (article ${result.id}): ${result.candidates.length} candidates`);
    for (const c of result.candidates) {
      io.out('');
      io.out(`#${c.position} ${c.speakerName}${c.speakerText !== c.speakerName ? ` ("${c.speakerText}")` : ''} ${c.verb}${c.stance === 'DENIES' ? ' [denial]' : ''}`);
      io.out(`   speaker: ${c.matched ? `matches ${c.matched}` : 'new speaker proposed'}${c.carrier ? `; carried by ${c.carrier}` : ''}${c.statedAt ? `; stated ${c.statedAt.slice(0, 10)}` : ''}`);
      io.out(`   "${c.text}"`);
      io.out(`   characters ${c.startOffset}-${c.endOffset}`);
      for (const s of c.suggestions) io.out(`   suggests ${s}`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof AppError || (error instanceof Error && error.name === 'DataDirInUseError');
    io.err(known ? (error as Error).message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

type IngestResult = { id: string; url: string; created: boolean; candidates: PrintableCandidate[] };

async function viaDatabase(env: Record<string, string | undefined>, input: Parameters<ReturnType<typeof createServices>['ingest']['ingest']>[1]): Promise<IngestResult> {
  const config = parseConfig(env);
  const database = await openDatabase(config);
  try {
    const services = createServices(database.db, config);
    const { article, created } = await services.ingest.ingest(systemActor('command line'), input);
    const rows = await database.db.candidate.findMany({ where: { articleId: article.id }, orderBy: { position: 'asc' } });
    const speakers = new Map(
      (await database.db.speaker.findMany({ where: { id: { in: rows.flatMap((r) => (r.speakerId ? [r.speakerId] : [])) } } })).map((s) => [s.id, s.name]),
    );
    return {
      id: toGlobalId('Article', article.id),
      url: article.url,
      created,
      candidates: rows.map((r) => ({
        position: r.position,
        speakerName: r.speakerName,
        speakerText: r.speakerText,
        matched: r.speakerId ? (speakers.get(r.speakerId) ?? null) : null,
        verb: r.verb,
        stance: r.stance,
        text: r.text,
        carrier: r.carrier,
        statedAt: r.statedAt?.toISOString() ?? null,
        startOffset: r.startOffset,
        endOffset: r.endOffset,
        suggestions: (r.suggestions as { kind: string; score?: number; candidatePosition?: number; statementId?: string }[]).map((s) =>
          s.candidatePosition !== undefined ? `${s.kind} candidate #${s.candidatePosition}` : `${s.kind} stored statement (score ${s.score})`,
        ),
      })),
    };
  } finally {
    await database.close();
  }
}

const INGEST_MUTATION = `mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    created
    article { id url candidates(first: 100) {
      position speakerName speakerText speaker { name } verb stance text carrier statedAt startOffset endOffset
      suggestedLinks { kind score candidatePosition statement { text } }
    } }
  }
}`;

async function viaApi(endpoint: string, key: string, input: object): Promise<IngestResult> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: INGEST_MUTATION, variables: { input } }),
    });
  } catch (error) {
    throw new Error(unreachable(endpoint, error));
  }
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }
  const { created, article } = body.data.ingestArticle;
  return {
    id: article.id,
    url: article.url,
    created,
    candidates: article.candidates.map((c: any) => ({
      ...c,
      matched: c.speaker?.name ?? null,
      suggestions: c.suggestedLinks.map((s: any) =>
        s.candidatePosition !== null ? `${s.kind} candidate #${s.candidatePosition}` : `${s.kind} "${s.statement?.text ?? ''}" (score ${s.score})`,
      ),
    })),
  };
}
