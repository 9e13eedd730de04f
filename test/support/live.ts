import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<T = any> {
  /** Results received so far. */
  results: { data?: T; errors?: { message: string; extensions?: Record<string, any> }[] }[];
  /** Resolves once `count` results have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** The error or close event the subscription ended with, if any. */
  ended: Promise<unknown>;
  client: Client;
  close(): Promise<void>;
}

/** Subscribes over WebSocket and collects what arrives; resolves once the server has acknowledged the connection and had a moment to start listening. */
export async function subscribe<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): Promise<Subscription<T>> {
  const results: Subscription<T>['results'] = [];
  const waiters: (() => void)[] = [];
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false, onNonLazyError: () => {} });
  let settle: (value: unknown) => void = () => {};
  const ended = new Promise((resolve) => (settle = resolve));
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  client.on('closed', (event) => settle(event));
  client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        results.push(value as Subscription<T>['results'][number]);
        for (const wake of waiters.splice(0)) wake();
      },
      error: (error) => settle(error),
      complete: () => settle(undefined),
    },
  );
  await Promise.race([connected, ended]);
  await new Promise((resolve) => setTimeout(resolve, 150));
  return {
    results,
    ended,
    client,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} results, got ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async close() {
      await client.dispose();
    },
  };
}

export interface RawClient {
  ws: WebSocket;
  /** Every graphql-ws message received, parsed. */
  messages: { type: string; id?: string; payload?: any }[];
  /** Whether the server acknowledged the connection. */
  acknowledged: boolean;
  /** The close code and reason, once the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  /** Resolves with the first message (received so far or later) that `match` accepts. */
  waitFor(match: (message: RawClient['messages'][number]) => boolean, timeoutMs?: number): Promise<RawClient['messages'][number]>;
}

/**
 * A graphql-ws connection spoken by hand over a plain `ws` socket, for what
 * the graphql-ws client hides: its TCP socket (to stop reading) and close codes.
 * Resolves once the server has acknowledged or closed the connection.
 */
export async function rawClient(url: string, connectionParams: Record<string, unknown> = {}): Promise<RawClient> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const messages: RawClient['messages'] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of waiters) wake();
    }),
  );
  ws.on('error', () => {});
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiters) wake();
  });
  const client: RawClient = {
    ws,
    messages,
    acknowledged: false,
    closed,
    subscribe(id, query, variables = {}) {
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        if (Date.now() > deadline || ws.readyState === WebSocket.CLOSED) {
          throw new Error(`no such message; got ${JSON.stringify(messages).slice(0, 2000)}`);
        }
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 50);
        });
      }
    },
  };
  const opened = await Promise.race([new Promise((resolve) => ws.once('open', () => resolve(true))), closed.then(() => false)]);
  if (!opened) return client;
  ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
  await Promise.race([client.waitFor((m) => m.type === 'connection_ack').then(() => (client.acknowledged = true)), closed]).catch(() => {});
  return client;
}
