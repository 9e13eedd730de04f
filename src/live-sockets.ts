import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';

/** Close codes for the limits below (README "Limits and operations"). */
export const CLOSE_SLOW_CONSUMER = 1013;
export const CLOSE_TOO_MANY_CONNECTIONS = 4429;
export const CLOSE_SERVER_FULL = 4503;

/** A dropped client that does not answer the close frame is cut off after this long. */
const DROP_GRACE_MS = 10_000;
/** As graphql-ws's own `useServer`: a ping this often, and a socket whose pong is as late is cut off. */
const KEEP_ALIVE_MS = 12_000;

/**
 * The address a client's connections are counted against: the socket's peer.
 * Behind a proxy every client shares the proxy's address; a trusted
 * forwarded address would be read here.
 */
export function clientAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

export interface SocketLimits {
  maxConnections: number;
  maxConnectionsPerClient: number;
  maxBufferedBytes: number;
}

/** What graphql-ws hands its hooks as `ctx.extra`, one per connection. */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

export interface Sockets<E extends SocketExtra> {
  /** The connections open now. */
  readonly open: ReadonlySet<E>;
  /** Closes a connection with a code and reason, and ends its subscriptions at once, whether or not its client answers. */
  drop(extra: E, code: number, reason: string): void;
  dispose(): Promise<void>;
}

/**
 * graphql-ws over a `ws` server, as graphql-ws's `useServer` does it, with
 * what one client may hold bounded: connections in all and per client
 * address, and the bytes queued for a socket. `useServer` waits for each
 * message to reach the kernel before sending the next, so a client that
 * stops reading stalls its subscriptions while their events pile up in
 * memory; here sends never wait, and a socket whose queue grows past the
 * limit is dropped as a slow consumer (it can reconnect with its last
 * event id and be replayed what it missed).
 */
export function serveSockets<P extends Record<string, unknown> | undefined, E extends SocketExtra>(
  wss: WebSocketServer,
  options: ServerOptions<P, E>,
  limits: SocketLimits,
  extraFor: (socket: WebSocket, request: IncomingMessage) => E,
  onError: (error: unknown) => void,
): Sockets<E> {
  const server = makeServer<P, E>(options);
  const open = new Set<E>();
  const perClient = new Map<string, number>();
  const release = new Map<E, (code: number, reason: string) => void>();

  const drop = (extra: E, code: number, reason: string) => {
    const { socket } = extra;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
    release.get(extra)?.(code, reason);
    setTimeout(() => socket.terminate(), DROP_GRACE_MS).unref();
  };

  wss.options.handleProtocols = handleProtocols;
  wss.on('error', onError);
  wss.on('connection', (socket, request) => {
    socket.on('error', () => {});
    const address = clientAddress(request);
    const fromClient = perClient.get(address) ?? 0;
    if (open.size >= limits.maxConnections) {
      socket.close(CLOSE_SERVER_FULL, 'Server has too many connections: try again later');
      return;
    }
    if (fromClient >= limits.maxConnectionsPerClient) {
      socket.close(CLOSE_TOO_MANY_CONNECTIONS, `Too many connections from this address (at most ${limits.maxConnectionsPerClient})`);
      return;
    }
    const extra = extraFor(socket, request);
    open.add(extra);
    perClient.set(address, fromClient + 1);

    socket.once('error', (error) => {
      // A client that vanishes mid-frame is no fault of the server's.
      if (!/ECONNRESET|EPIPE/.test(String((error as { code?: string }).code))) onError(error);
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    let pongWait: NodeJS.Timeout | undefined;
    const keepAlive = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);

    let released = false;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          if (socket.bufferedAmount > limits.maxBufferedBytes) {
            drop(extra, CLOSE_SLOW_CONSUMER, 'Slow consumer: too much unread data; reconnect with your last event id');
            return;
          }
          socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            // A dropped connection's subscriptions are already ended: it starts no new ones while it closes.
            if (released) return;
            try {
              await handle(String(data));
            } catch (error) {
              onError(error);
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      extra,
    );
    release.set(extra, (code, reason) => {
      if (released) return;
      released = true;
      closed(code, reason).catch(onError);
    });

    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(keepAlive);
      release.get(extra)!(code, String(reason));
      release.delete(extra);
      open.delete(extra);
      const left = (perClient.get(address) ?? 1) - 1;
      if (left > 0) perClient.set(address, left);
      else perClient.delete(address);
    });
  });

  return {
    open,
    drop,
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
