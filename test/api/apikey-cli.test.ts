import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { apiKeyCommand } from '../../src/modules/auth/apikey.cli.js';

/** `npm run apikey`, run the way a newsroom bootstraps a fresh install: on the embedded database. */
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await apiKeyCommand(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run apikey', () => {
  it('creates the first ADMIN key of a fresh install, lists it and revokes it', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'factcheck-cli-'));
    dirs.push(dataDir);
    const env = { DATA_DIR: dataDir };

    const created = await run(['create', '--role', 'admin', '--name', 'Managing editor'], env);
    expect(created.code).toBe(0);
    const key = created.out.split('\n').at(-1)!;
    expect(key).toMatch(/^fck_/);
    const id = /\(id ([A-Za-z0-9_-]+)\)/.exec(created.out)![1]!;

    // The key works against the service on that database.
    const config = parseConfig({ ...env, DEMO_DATA: 'false' });
    const database = await openDatabase(config);
    try {
      const { app, stop } = await createApp({ config, db: database.db, reportError: () => {} });
      const res = await supertest(app).post('/graphql').set('authorization', `Bearer ${key}`).send({ query: '{ apiKeys { edges { node { name role } } } }' });
      expect(res.body.data.apiKeys.edges).toEqual([{ node: { name: 'Managing editor', role: 'ADMIN' } }]);
      const audit = await supertest(app)
        .post('/graphql')
        .set('authorization', `Bearer ${key}`)
        .send({ query: '{ auditLog { edges { node { operation keyName } } } }' });
      expect(audit.body.data.auditLog.edges).toEqual([{ node: { operation: 'createApiKey', keyName: 'command line' } }]);

      // One process at a time on the embedded database.
      const busy = await run(['list'], env);
      expect(busy.code).toBe(1);
      expect(busy.err).toMatch(/in use by process/);
      await stop();
    } finally {
      await database.close();
    }

    const listed = await run(['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(id);
    expect(listed.out).toMatch(/ADMIN .* active +Managing editor/);
    expect(listed.out).not.toContain(key);

    const revoked = await run(['revoke', id], env);
    expect(revoked).toMatchObject({ code: 0, out: 'Revoked "Managing editor" (ADMIN).' });
    expect((await run(['list'], env)).out).toMatch(/revoked /);
  });

  it('explains its usage', async () => {
    const env = { DATA_DIR: path.join(tmpdir(), 'factcheck-cli-unused') };
    expect((await run([], env)).code).toBe(2);
    expect((await run(['create', '--role', 'OWNER', '--name', 'x'], env)).err).toMatch(/--role must be one of CONTRIBUTOR, FACT_CHECKER, ADMIN/);
    expect((await run(['create', '--role', 'ADMIN'], env)).err).toMatch(/--name is required/);
    expect((await run(['remove', 'x'], env)).err).toMatch(/unknown command "remove"/);
    expect((await run(['--help'], env))).toMatchObject({ code: 0 });
  });
});
