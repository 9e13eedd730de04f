import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for one test file: its own data directory
 * in a temporary folder, its own port on 127.0.0.1, trust authentication.
 * Tests stop it (cleanly or as a crash) and start it again on the same port
 * and data, as an operator or a failing machine would.
 *
 * The server binaries come from PG_BIN_DIR, else the newest
 * /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package).
 * PostgreSQL refuses to run as root: as root, every server command runs as
 * the unprivileged user `pgci` (created when missing).
 */
export type StopMode = 'fast' | 'immediate';

export interface PostgresCluster {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> for the test database. */
  readonly url: string;
  /** The same server's `postgres` database, for administration. */
  readonly adminUrl: string;
  /** The password in `url`: trust authentication ignores it; tests check it never reaches a log. */
  readonly password: string;
  readonly port: number;
  readonly database: string;
  readonly dataDir: string;
  readonly binDir: string;
  readonly version: string;
  readonly running: boolean;
  /** Starts the server (with crash recovery after an immediate stop) and waits until it accepts connections. */
  start(): Promise<void>;
  /** `fast`: a clean shutdown (sessions are ended, a checkpoint is written); `immediate`: a crash. */
  stop(mode?: StopMode): Promise<void>;
  /** Stops the server if it runs and deletes every file. Safe to call twice. */
  cleanup(): Promise<void>;
  /** The last lines of the server's own log, for failure messages. */
  logTail(lines?: number): string;
}

const SYSTEM_USER = 'pgci';

export const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found. The operations tests and the benchmark start and stop a real ' +
  'PostgreSQL server of their own: install it (Debian/Ubuntu: `apt-get install postgresql`, which puts the binaries in ' +
  '/usr/lib/postgresql/<version>/bin) or set PG_BIN_DIR to the directory that holds initdb and pg_ctl.';

/** PG_BIN_DIR, else the newest /usr/lib/postgresql/<version>/bin; throws with what to install when neither has initdb. */
export function findPostgresBinaries(): string {
  const given = process.env.PG_BIN_DIR?.trim();
  if (given) {
    if (!existsSync(path.join(given, 'initdb')) || !existsSync(path.join(given, 'pg_ctl'))) {
      throw new Error(`PG_BIN_DIR=${given} holds no initdb and pg_ctl. ${INSTALL_HINT}`);
    }
    return given;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+(\.\d+)?$/.test(name) && existsSync(path.join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(INSTALL_HINT);
  return path.join(root, versions[0]!, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function ensureSystemUser(): void {
  if (spawnSync('id', ['-u', SYSTEM_USER], { stdio: 'ignore' }).status === 0) return;
  execFileSync('useradd', ['--system', '--no-create-home', SYSTEM_USER], { stdio: 'pipe' });
}

/** Clusters not yet cleaned up, stopped on exit if a test run dies before its afterAll. */
const live = new Set<{ dataDir: string; dir: string }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const cluster of live) {
      signalPostmaster(cluster.dataDir, 'SIGQUIT');
      rmSync(cluster.dir, { recursive: true, force: true });
    }
  });
}

/** The postmaster's pid from its pid file, if the file exists. */
function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its backends and exits. */
function signalPostmaster(dataDir: string, signal: NodeJS.Signals): boolean {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

export interface ClusterOptions {
  /** The database created for the test (default "factcheck"). */
  database?: string;
  /** More postgresql.conf settings, e.g. { shared_preload_libraries: "'pg_stat_statements'" } (values as written in the file). */
  settings?: Record<string, string | number>;
}

/** initdb's a new cluster, starts it and creates the test database. */
export async function startCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const binDir = findPostgresBinaries();
  const root = asRoot();
  if (root) ensureSystemUser();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factcheck-ops-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const entry = { dataDir, dir };
  live.add(entry);
  installExitHook();
  if (root) execFileSync('chown', [SYSTEM_USER, dir]);

  /** Runs a server binary, as pgci when we are root; rejects with its output on failure. */
  const run = (binary: string, args: string[], timeoutMs = 90_000): string => {
    const command = root ? 'runuser' : path.join(binDir, binary);
    const argv = root ? ['-u', SYSTEM_USER, '--', path.join(binDir, binary), ...args] : args;
    const result = spawnSync(command, argv, { cwd: dir, encoding: 'utf8', timeout: timeoutMs });
    if (result.status !== 0) {
      const why = result.error ? String(result.error) : `exit ${result.status ?? result.signal}`;
      throw new Error(`${binary} ${args.join(' ')} failed (${why}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
    }
    return result.stdout ?? '';
  };

  const version = execFileSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const database = options.database ?? 'factcheck';
  const password = `ops-${Math.random().toString(36).slice(2, 12)}-secret`;
  let running = false;

  const tail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no server log)';
    }
  };

  try {
    run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    // Durability stays at its defaults (fsync, synchronous_commit): the crash
    // tests rely on a commit being on disk before the client hears of it.
    appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `port = ${port}`,
        `unix_socket_directories = '${dir}'`,
        `max_connections = 100`,
        `log_min_messages = warning`,
        ...Object.entries(options.settings ?? {}).map(([name, value]) => `${name} = ${value}`),
        '',
      ].join('\n'),
    );
  } catch (error) {
    live.delete(entry);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const cluster: PostgresCluster = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    port,
    database,
    dataDir,
    binDir,
    version,
    get running() {
      return running;
    },
    async start() {
      try {
        run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
      } catch (error) {
        throw new Error(`${(error as Error).message}\nserver log:\n${tail()}`);
      }
      running = true;
    },
    async stop(mode: StopMode = 'fast') {
      if (!running) return;
      run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    async cleanup() {
      if (!live.has(entry)) return;
      try {
        if (running) run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
      } catch {
        if (signalPostmaster(dataDir, 'SIGQUIT')) await new Promise((resolve) => setTimeout(resolve, 2000));
        signalPostmaster(dataDir, 'SIGKILL');
      }
      running = false;
      live.delete(entry);
      rmSync(dir, { recursive: true, force: true });
    },
    logTail: tail,
  };

  try {
    await cluster.start();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${database}"`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await cluster.cleanup();
    throw error;
  }
  return cluster;
}
