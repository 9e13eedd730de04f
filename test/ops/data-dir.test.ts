import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, openEmbedded } from '../../src/db/embedded.js';
import { ensureBuilt, PROJECT_ROOT, setUp, startService, type Service } from './support/service.js';

/**
 * The embedded database's directory on disk: who may open it (one live
 * process, however the last one died) and who may read it (its owner only).
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), 'factcheck-datadir-'));
const services: Service[] = [];

setUp(async () => {
  ensureBuilt();
});

afterAll(async () => {
  for (const service of services) await service.kill();
  rmSync(scratch, { recursive: true, force: true });
});

const LOCK_FILE = 'factcheck.lock';

describe('restart after a crash', () => {
  it('a lock left by a crashed earlier incarnation with our own pid (PID 1 in a container) does not block start-up', async () => {
    const dir = path.join(scratch, 'own-pid');
    const first = await openEmbedded(dir);
    await first.close();
    // What a SIGKILLed PID 1 leaves behind, read by the next PID 1.
    writeFileSync(path.join(dir, LOCK_FILE), String(process.pid));
    const db = await openEmbedded(dir);
    try {
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('a lock left by a process that has died is taken over', async () => {
    const dir = path.join(scratch, 'dead-pid');
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('close', resolve));
    await (await openEmbedded(dir)).close();
    writeFileSync(path.join(dir, LOCK_FILE), String(dead.pid));
    const db = await openEmbedded(dir);
    await db.close();
  });

  it('the service SIGKILLed and started again on the same data dir starts', async () => {
    const dataDir = path.join(scratch, 'killed');
    const env = { DATA_DIR: dataDir, DEMO_DATA: 'false' };
    const first = await startService(env);
    services.push(first);
    await first.kill();
    const second = await startService(env);
    services.push(second);
    expect((await second.get('/ready')).status).toBe(200);
    await second.kill();
  });

  it('a second live process on the same data dir is refused with a clear message', async () => {
    const dataDir = path.join(scratch, 'live');
    const holder = await startService({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
    services.push(holder);
    // In another process: the service's own lock, not this process's memory of it.
    await expect(openEmbedded(path.join(dataDir, 'pglite'))).rejects.toThrow(DataDirInUseError);
    await expect(openEmbedded(path.join(dataDir, 'pglite'))).rejects.toThrow(
      new RegExp(`in use by process ${holder.child.pid}\\b.*only one process at a time`),
    );
    // A second service on the same directory stops at start-up, naming the holder.
    const second = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/main.js')], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, DEMO_DATA: 'false', PORT: '0', HOST: '127.0.0.1' },
    });
    let stderr = '';
    second.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise<number | null>((resolve) => second.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`in use by process ${holder.child.pid}`);
    // The holder is unaffected.
    expect((await holder.get('/ready')).status).toBe(200);
    await holder.kill();
  });
});

/** Every file and directory under `dir` whose mode lets anyone but the owner in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    const mode = statSync(current).mode & 0o777;
    const isDir = statSync(current).isDirectory();
    if (mode !== (isDir ? 0o700 : 0o600)) found.push(`${path.relative(dir, current) || '.'} ${mode.toString(8)}`);
    if (isDir) for (const entry of readdirSync(current)) walk(path.join(current, entry));
  };
  walk(dir);
  return found;
}

describe('data files readable by everyone', () => {
  it('under umask 000, the data dir is 0700 and every file in it 0600, after writes and a checkpoint', async () => {
    const dataDir = path.join(scratch, 'modes');
    const previous = process.umask(0o000);
    let service: Service;
    try {
      // The service inherits the umask; the demo story writes a few hundred rows.
      service = await startService({ DATA_DIR: dataDir, DEMO_DATA: 'true' });
    } finally {
      process.umask(previous);
    }
    services.push(service);
    expect(openToOthers(dataDir)).toEqual([]);
    // A clean stop checkpoints: what it writes must be private too.
    service.child.kill('SIGTERM');
    await service.exit;
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('a data dir left world-readable by an earlier version is tightened on open, and stays so as it grows', async () => {
    const dir = path.join(scratch, 'loose');
    const previous = process.umask(0o000);
    try {
      const db = await openEmbedded(dir);
      try {
        await db.exec(`CREATE TABLE secrets (value text); INSERT INTO secrets SELECT repeat('s', 200) FROM generate_series(1, 50000); CHECKPOINT;`);
        await db.exec(`CREATE TABLE more (value text); INSERT INTO more SELECT repeat('m', 200) FROM generate_series(1, 50000); CHECKPOINT;`);
        expect(openToOthers(dir)).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      process.umask(previous);
    }
    expect(openToOthers(dir)).toEqual([]);
  });
});
