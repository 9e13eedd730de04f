import type { Actor } from './actor.js';

/**
 * Keys recently found valid, so that a keyed request does not ask the
 * database about its key every time (that read was a round trip on every
 * write, about a tenth of a write's CPU). A key is remembered for at most
 * `ttlMs`, and forgotten at once when it is revoked or changed: through
 * this instance (ApiKeyService.revoke), or anywhere else, announced by
 * the database's trigger on api_key to every instance that listens. While
 * nobody listens (not yet connected, or the connection lost) nothing is
 * remembered, since a revocation could go unheard.
 */
export class KeyCache {
  private readonly byHash = new Map<string, { actor: Actor; until: number }>();
  private listening = false;
  /** Moves on whenever something is forgotten: a lookup begun before then may have read a key since revoked. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0 && this.listening;
  }

  /** The actor of a key remembered as valid, if it still is. */
  get(hash: string, now = Date.now()): Actor | undefined {
    if (!this.enabled) return undefined;
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.byHash.delete(hash);
      return undefined;
    }
    return entry.actor;
  }

  /** Taken before a lookup, and handed to remember() with its answer. */
  get ticket(): number {
    return this.generation;
  }

  /** Remembers a valid key, unless something was forgotten since its lookup began. */
  remember(hash: string, actor: Actor, ticket: number, now = Date.now()): void {
    if (!this.enabled || ticket !== this.generation) return;
    // Full: start again rather than track use (keys in use are few; a full cache means many one-off keys).
    if (this.byHash.size >= this.maxKeys) this.byHash.clear();
    this.byHash.set(hash, { actor, until: now + this.ttlMs });
  }

  /** A key was revoked or changed. */
  forget(keyId: string): void {
    this.generation++;
    for (const [hash, entry] of this.byHash) if (entry.actor.keyId === keyId) this.byHash.delete(hash);
  }

  /** Every key went (the table was emptied). */
  forgetAll(): void {
    this.generation++;
    this.byHash.clear();
  }

  /** Revocations are heard (true) or may be missed (false); either way, what was remembered is dropped. */
  setListening(listening: boolean): void {
    this.listening = listening;
    this.forgetAll();
  }

  get size(): number {
    return this.byHash.size;
  }
}
