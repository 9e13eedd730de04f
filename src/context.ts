import type { Loaders } from './loaders.js';
import type { Services } from './services.js';

/** What every resolver receives: shared services and this request's loaders. */
export interface Context {
  services: Services;
  loaders: Loaders;
}
