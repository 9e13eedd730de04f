import { createHash, randomBytes } from 'node:crypto';
import { inTransaction, readRowsText, type DatabaseTarget, type DbClient } from '../../db/client.js';
import { listenTo } from '../../db/listen.js';
import { NotFoundError, UnauthenticatedError } from '../../errors.js';
import type { ApiKey as ApiKeyRow } from '../../generated/prisma/client.js';
import type { Role } from '../../generated/prisma/enums.js';
import { fromGlobalId } from '../../ids.js';
import { isIdCursor, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { requiredText } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from './actor.js';
import { KeyCache } from './apikey.cache.js';

/** Where the api_key trigger announces a key revoked or changed (its id; empty when all keys went). */
export const KEY_CHANNEL = 'factcheck_api_keys';

/** Recognisable in logs and secret scanners; 32 random bytes behind it. */
const KEY_PREFIX = 'fck_';

/**
 * Keys are 256-bit random secrets, so a plain SHA-256 is enough to store
 * them: there is no password to guess, and lookups stay one indexed read.
 */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** What may be shown of a key (never the secret itself). */
type PublicKey = Omit<ApiKeyRow, 'keyHash'>;

const KEY_LOOKUP = 'SELECT id::text AS id, name, role::text AS role, revoked_at IS NOT NULL AS revoked FROM api_key WHERE key_hash = $1';

function publicView({ keyHash: _hash, ...key }: ApiKeyRow): PublicKey {
  return key;
}

export class ApiKeyService {
  private readonly revokedListeners = new Set<(keyId: string) => void>();

  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
    /** Keys found valid, remembered while followChanges listens; remembers nothing until then. */
    private readonly cache = new KeyCache(0),
  ) {}

  /**
   * The actor behind an Authorization header value, null when there is
   * none. A key that is unknown or revoked is refused outright, even for
   * reads: a client sending one is misconfigured and should hear about it.
   */
  async authenticate(authorization: string | undefined): Promise<Actor | null> {
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
    if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer <key>"');
    const hash = hashKey(match[1]!);
    const known = this.cache.get(hash);
    if (known) return known;
    const ticket = this.cache.ticket;
    // Every keyed request the cache does not answer asks this, so it is the
    // pool's direct read, not an ORM call, and prepared: its text never changes.
    const [row] = await readRowsText<{ id: string; name: string; role: Role; revoked: boolean }>(this.db, KEY_LOOKUP, [hash], { prepare: true });
    if (!row || row.revoked) throw new UnauthenticatedError('This API key is unknown or has been revoked');
    const actor: Actor = { keyId: row.id, name: row.name, role: row.role };
    this.cache.remember(hash, actor, ticket);
    return actor;
  }

  /**
   * Follows changes to keys made anywhere (the api_key trigger's
   * notifications), so that keys this instance remembers are forgotten as
   * soon as they are revoked or changed. Until it listens, and whenever it
   * stops listening, no key is remembered. Returns how to stop.
   */
  async followChanges(target: DatabaseTarget | undefined, options: { retryMs: number; onError(error: unknown): void }): Promise<() => Promise<void>> {
    const stop = await listenTo(
      target,
      KEY_CHANNEL,
      {
        notify: (keyId) => (keyId === '' ? this.cache.forgetAll() : this.cache.forget(keyId)),
        connected: () => this.cache.setListening(true),
        lost: () => this.cache.setListening(false),
        onError: options.onError,
      },
      { retryMs: options.retryMs },
    ).catch((error: unknown) => {
      options.onError(error);
      return undefined;
    });
    return async () => {
      this.cache.setListening(false);
      await stop?.();
    };
  }

  /** Calls `listener` with the id of each key this instance revokes, once committed. */
  onRevoked(listener: (keyId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Which of these keys are revoked (or gone) now: one indexed read. */
  async revokedAmong(keyIds: string[]): Promise<Set<string>> {
    if (keyIds.length === 0) return new Set();
    const valid = await this.db.apiKey.findMany({ where: { id: { in: keyIds }, revokedAt: null }, select: { id: true } });
    const kept = new Set(valid.map((row) => row.id));
    return new Set(keyIds.filter((id) => !kept.has(id)));
  }

  async create(actor: Actor | null, input: { name: string; role: Role }): Promise<{ key: string; apiKey: PublicKey }> {
    const by = requireRole(actor, 'ADMIN');
    const name = requiredText('input.name', input.name, 200);
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    return inTransaction(this.db, async (tx) => {
      const row = await tx.apiKey.create({
        data: { name, role: input.role, keyHash: hashKey(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 6) },
      });
      const apiKey = publicView(row);
      await recordAudit(tx, by, { operation: 'createApiKey', entityType: 'ApiKey', entityId: row.id, after: apiKey });
      return { key, apiKey };
    });
  }

  async list(actor: Actor | null, page: PageArgs): Promise<Page<PublicKey>> {
    requireRole(actor, 'ADMIN');
    const request = pageRequest(page, this.limits, isIdCursor);
    const rows = await this.db.apiKey.findMany({
      where: request.after ? { id: { gt: request.after.id } } : undefined,
      orderBy: { id: 'asc' },
      take: request.first + 1,
    });
    return toPage(rows, request, (row) => ({ id: row.id }), publicView, () => this.db.apiKey.count());
  }

  /** Revokes a key at once; revoking it again changes nothing. */
  async revoke(actor: Actor | null, id: string): Promise<PublicKey> {
    const by = requireRole(actor, 'ADMIN');
    const keyId = fromGlobalId('ApiKey', id, 'id');
    const revoked = await inTransaction(this.db, async (tx) => {
      const before = await tx.apiKey.findUnique({ where: { id: keyId } });
      if (!before) throw new NotFoundError('ApiKey', id, 'id');
      if (before.revokedAt) return publicView(before);
      const after = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
      await recordAudit(tx, by, {
        operation: 'revokeApiKey',
        entityType: 'ApiKey',
        entityId: keyId,
        before: publicView(before),
        after: publicView(after),
      });
      return publicView(after);
    });
    // The trigger announces it to every instance; this one forgets it before answering.
    this.cache.forget(keyId);
    for (const listener of this.revokedListeners) listener(keyId);
    return revoked;
  }
}


