import pg from 'pg';
import type { DatabaseTarget } from './client.js';

export interface ListenHandlers {
  /** A notification on the channel, with its payload. */
  notify(payload: string): void;
  /** Listening (again): whatever was sent while nobody listened was missed. */
  connected?(): void;
  /** The listening connection failed: notifications are missed until connected() is called again. */
  lost?(): void;
  onError(error: unknown): void;
}

/**
 * Follows a LISTEN/NOTIFY channel: PostgreSQL's on a server, PGlite's own in
 * the embedded database. On a server the listening connection is its own
 * (a pooled one would be handed back, and the LISTEN with it), and it is
 * opened again `retryMs` after it fails or cannot be opened. Returns how to
 * stop; undefined when there is no database to listen to.
 */
export async function listenTo(
  target: DatabaseTarget | undefined,
  channel: string,
  handlers: ListenHandlers,
  { retryMs }: { retryMs: number },
): Promise<(() => Promise<void>) | undefined> {
  if (!target) return undefined;
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  if (target.kind === 'embedded') {
    const stop = await target.pglite.listen(channel, (payload) => handlers.notify(payload));
    handlers.connected?.();
    return stop;
  }
  const url = target.url;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  // Until it connects again: the database may be down for a while (the loss
  // itself was reported; each failed attempt while it stays down is not).
  const again = () => {
    retry = setTimeout(() => {
      connect().catch(() => {
        if (!stopped) again();
      });
    }, retryMs);
    retry.unref();
  };
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '');
    });
    // A terminated backend or a restart ends the connection, with or without an error first.
    const drop = () => {
      if (client !== next || stopped) return;
      client = undefined;
      handlers.lost?.();
      again();
    };
    next.on('error', (error) => {
      handlers.onError(error);
      void next.end().catch(() => {});
      drop();
    });
    next.on('end', drop);
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      void next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    handlers.connected?.();
  };
  // A database that is down at start is listened to once it is up.
  await connect().catch((error: unknown) => {
    handlers.onError(error);
    again();
  });
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end();
  };
}
