import type { Loaders } from './loaders.js';
import type { Actor } from './modules/auth/actor.js';
import type { EventDispatcher } from './modules/events/event.dispatcher.js';
import type { ResponseBudget } from './response-budget.js';
import type { Services } from './services.js';

/** What every resolver receives: shared services, this request's loaders and who is asking. */
export interface Context {
  /** Echoed in the X-Request-Id header and the request's log line. */
  requestId: string;
  services: Services;
  loaders: Loaders;
  /** The API key's holder; null for anonymous (read-only) requests. */
  actor: Actor | null;
  /** This instance's outbox reader; subscriptions (over WebSocket) need it. */
  events?: EventDispatcher;
  /** What this response may still grow to and how long it may run (set per operation; see response-budget.ts). */
  budget?: ResponseBudget;
  /** The WebSocket connection's `lastEventId`, for subscriptions given no `after`. */
  lastEventId?: unknown;
}
