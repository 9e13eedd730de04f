import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('configuration of live updates', () => {
  it('bounds what one WebSocket client may hold by default', () => {
    expect(parseConfig({}).live).toEqual({
      maxConnections: 1000,
      maxConnectionsPerClient: 10,
      maxSubscriptionsPerConnection: 10,
      maxBufferedBytes: 1_048_576,
      maxReplayEvents: 10_000,
      replayPageSize: 500,
      authRecheckMs: 30_000,
    });
  });

  it('reads each limit, and refuses values that would turn one off', () => {
    expect(parseConfig({ WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', WS_REPLAY_PAGE_SIZE: '50' }).live).toMatchObject({
      maxSubscriptionsPerConnection: 3,
      replayPageSize: 50,
    });
    let error: unknown;
    try {
      parseConfig({ WS_MAX_CONNECTIONS_PER_CLIENT: '0', WS_MAX_BUFFERED_BYTES: 'lots', WS_MAX_REPLAY_EVENTS: '-1', WS_AUTH_RECHECK_MS: '5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['WS_MAX_CONNECTIONS_PER_CLIENT', 'WS_MAX_BUFFERED_BYTES', 'WS_MAX_REPLAY_EVENTS', 'WS_AUTH_RECHECK_MS']) {
      expect(problems).toContain(name);
    }
  });
});
