/**
 * How long a legal ClaimReview import holds up other requests on the
 * embedded database: imports 100 ClaimReviews (50 of them from new sources,
 * each with a new speaker) over HTTP while /health and a small GraphQL query
 * are asked every 20 ms, and prints the import's time and the longest wait
 * of each probe.
 *
 *   npm run build --silent && tsc -p bench && node dist/bench/import-stall.js [--rounds 3]
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createDb } from '../src/db/client.js';
import { migrate } from '../src/db/database.js';
import { openEmbedded } from '../src/db/embedded.js';
import { systemActor } from '../src/modules/auth/actor.js';
import { createServices } from '../src/services.js';

/** 100 ClaimReviews; reviews 2k and 2k+1 share a source, so there are 50 sources, none known yet. */
export function claimReviews(round: number, count = 100): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const outlet = `outlet-${round}-${Math.floor(i / 2)}`;
    return {
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: `https://checker.example.net/reviews/${round}/${i}`,
      claimReviewed: `Claim ${i} of round ${round}: the river flooded the whole valley`,
      author: { '@type': 'Organization', name: 'Checker', url: 'https://checker.example.net' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Person', name: `Mayor ${round} ${i}` },
        datePublished: '2024-03-01T10:00:00Z',
        appearance: [
          {
            '@type': 'CreativeWork',
            url: `https://${outlet}.example.com/story/${i}`,
            datePublished: '2024-03-01T12:00:00Z',
            publisher: { '@type': 'Organization', name: `News ${outlet}`, url: `https://${outlet}.example.com` },
          },
        ],
      },
    };
  });
}

async function main(): Promise<void> {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
  const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' });
  const pglite = await openEmbedded();
  const target = { kind: 'embedded' as const, pglite };
  await migrate(target);
  const db = createDb(target, config.db);
  const { app, stop } = await createApp({ config, db, target, reportError: () => {} });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { key } = await createServices(db, config).apiKeys.create(systemActor('bench'), { name: 'bench', role: 'FACT_CHECKER' });
  const post = (body: unknown) =>
    fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });

  for (let round = 0; round < rounds; round++) {
    let done = false;
    const probe = async (ask: () => Promise<Response>) => {
      let longest = 0;
      let answered = 0;
      let failed = 0;
      while (!done) {
        const started = performance.now();
        try {
          await (await ask()).text();
          answered++;
        } catch {
          // A keep-alive connection the stalled server closed late: the wait still counts.
          failed++;
        }
        longest = Math.max(longest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return { longest, answered, failed };
    };
    const started = performance.now();
    const importing = post({
      query: 'mutation($d: [JSON!]!) { importClaimReviews(documents: $d) { created matched skipped } }',
      variables: { d: claimReviews(round) },
    }).then(async (res) => {
      const body = (await res.json()) as { data?: { importClaimReviews: unknown }; errors?: unknown };
      done = true;
      return { ms: performance.now() - started, result: body.data?.importClaimReviews ?? body.errors };
    });
    const [imported, health, graphql] = await Promise.all([
      importing,
      probe(() => fetch(`${base}/health`)),
      probe(() => post({ query: '{ statements(first: 1) { totalCount } }' })),
    ]);
    console.log(
      `round ${round + 1}: import ${imported.ms.toFixed(0)} ms ${JSON.stringify(imported.result)}; ` +
        `longest /health ${health.longest.toFixed(0)} ms (${health.answered} answers, ${health.failed} failed); ` +
        `longest GraphQL query ${graphql.longest.toFixed(0)} ms (${graphql.answered} answers, ${graphql.failed} failed)`,
    );
  }
  server.close();
  await stop();
  await db.$disconnect();
  await pglite.close();
}

if (process.argv[1]?.endsWith("import-stall.js")) main().catch((error) => {
  console.error(error);
  process.exit(1);
});
