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
