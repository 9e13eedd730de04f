import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chmod, link, rename, stat, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const LOCK_FILE = 'factcheck.lock';

/** How long a holder has to say who it is before it is named only as "another process". */
const GREETING_MS = 1000;
/** Unix socket addresses are limited to 108 bytes, the terminating NUL included. */
const MAX_SOCKET_PATH = 100;

export class DataDirInUseError extends Error {
  constructor(dataDir: string, holder: number | string) {
    super(
      `The embedded database in ${dataDir} is in use by ${typeof holder === 'number' ? `process ${holder}` : holder}. ` +
        'Stop it first: only one process at a time may open the embedded database.',
    );
    this.name = 'DataDirInUseError';
  }
}

/**
 * One process at a time: PGlite keeps the database in memory and writes it
 * back to these files, so a second process (another `npm start`, a command
 * line tool) opening them at once would corrupt them.
 *
 * The lock is a Unix socket in the data dir that the holder listens on for
 * its whole life. Whether it is held is asked of the kernel: connecting
 * succeeds while the holder's process lives (whatever its event loop is
 * doing) and is refused once it has died, however it died. A pid written in a
 * file cannot tell that apart: in a container the service is PID 1 every
 * time, so after a SIGKILL the recorded pid is alive again (ours), and pids
 * of another PID namespace (a second container on the same volume) mean
 * nothing here, while the socket is shared through the file system.
 *
 * The lock is created atomically with link(2) (EEXIST when present); a dead
 * holder's socket (or an older version's pid file, which refuses
 * connections too) is first renamed aside and checked again there, so that
 * two processes taking over the same stale lock cannot remove each other's
 * fresh one.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const address = socketAddresses(dataDir);
  const lockPath = path.join(dataDir, LOCK_FILE);
  const ownName = `${LOCK_FILE}.${randomBytes(6).toString('hex')}`;
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.end(`${process.pid}\n`);
  });
  server.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address.of(ownName), () => resolve());
    });
    server.unref();
    const ownPath = path.join(dataDir, ownName);
    await chmod(ownPath, 0o600);
    const { ino } = await stat(ownPath);
    try {
      await takeLock(dataDir, ownPath, lockPath, address);
    } finally {
      await unlink(ownPath).catch(() => {});
    }
    return async () => {
      // Only our own: a lock taken over after we were presumed dead is not ours to remove.
      if ((await stat(lockPath).catch(() => undefined))?.ino === ino) await unlink(lockPath).catch(() => {});
      await new Promise<void>((resolve) => server.close(() => resolve()));
      address.close();
    };
  } catch (error) {
    server.close();
    await unlink(path.join(dataDir, ownName)).catch(() => {});
    address.close();
    throw error;
  }
}

type Addresses = { of(name: string): string; close(): void };

async function takeLock(dataDir: string, ownPath: string, lockPath: string, address: Addresses): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await link(ownPath, lockPath);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await probe(address.of(LOCK_FILE));
    if (holder.state === 'live') throw new DataDirInUseError(dataDir, holder.who);
    if (holder.state === 'gone') continue;
    const asideName = `${LOCK_FILE}.stale-${randomBytes(6).toString('hex')}`;
    const aside = path.join(dataDir, asideName);
    try {
      await rename(lockPath, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    // Between our probe and the rename another process may have taken the lock: give it back.
    if ((await probe(address.of(asideName))).state === 'live') await link(aside, lockPath).catch(() => {});
    await unlink(aside).catch(() => {});
  }
  throw new Error(`Could not lock ${dataDir}: its lock file keeps changing`);
}

type Holder = { state: 'live'; who: number | string } | { state: 'stale' } | { state: 'gone' };

function probe(socketPath: string): Promise<Holder> {
  return new Promise((resolve) => {
    let said = '';
    let connected = false;
    const socket = net.connect(socketPath);
    const done = (holder: Holder) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(holder);
    };
    const live = () => {
      const pid = Number(said.trim());
      done({ state: 'live', who: Number.isInteger(pid) && pid > 0 ? pid : 'another process' });
    };
    const timer = setTimeout(live, GREETING_MS);
    socket.setEncoding('utf8');
    socket.on('connect', () => (connected = true));
    socket.on('data', (chunk: string) => (said += chunk));
    socket.on('end', live);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return live();
      // Nobody listens: the holder died (or this is an older version's pid file).
      if (error.code === 'ECONNREFUSED') return done({ state: 'stale' });
      if (error.code === 'ENOENT') return done({ state: 'gone' });
      // EAGAIN (a full backlog) is a live holder; EACCES another user's lock, which is not ours to remove.
      done({ state: 'live', who: error.code === 'EAGAIN' ? 'another process' : `another process (${error.code})` });
    });
  });
}

/**
 * Socket addresses for names in `dir`. A deep data dir would overflow the
 * address limit; on Linux the directory is then reached through a file
 * descriptor held open on it (/proc/self/fd/N/name), which the kernel
 * resolves to the same directory.
 */
function socketAddresses(dir: string): Addresses {
  if (Buffer.byteLength(path.join(dir, `${LOCK_FILE}.stale-000000000000`)) <= MAX_SOCKET_PATH) {
    return { of: (name) => path.join(dir, name), close() {} };
  }
  if (process.platform !== 'linux') {
    throw new Error(`The embedded database's directory path is too long for its lock (${dir}): set a shorter DATA_DIR`);
  }
  const fd = openSync(dir, 'r');
  return {
    of: (name) => `/proc/self/fd/${fd}/${name}`,
    close: () => closeSync(fd),
  };
}
