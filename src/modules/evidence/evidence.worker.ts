import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { EvidenceFetchSettings } from '../../config.js';
import type { Db } from '../../db/client.js';
import type { EvidenceCheck as EvidenceCheckRow } from '../../generated/prisma/client.js';
import type { EvidenceResult } from '../../generated/prisma/enums.js';
import { toGlobalId } from '../../ids.js';
import { backoffMs, PollingWorker } from '../../polling-worker.js';
import { recordEvent } from '../events/event.record.js';
import { addressMatcher, systemLookup, type Lookup } from '../webhooks/webhook.address.js';
import { fetchEvidence, type Fetched, type FetchRules } from './evidence.fetch.js';
import { judge, ROTTEN } from './evidence.judge.js';

interface Claimed {
  evidenceId: string;
  attempts: number;
  url: string;
  position: number;
  verdictId: string;
  statementId: string;
  /** The evidence belongs to its statement's current verdict. */
  current: boolean;
  /** It has been checked at least once. */
  checked: boolean;
}

const gzipAsync = promisify(gzip);

/** Retries of one round wait at most this long. */
const MAX_RETRY_MS = 6 * 3_600_000;
const ERROR_CHARS = 500;

/**
 * Fetches evidence URLs from the evidence_fetch queue, on every instance
 * at once: due rows are claimed with FOR UPDATE SKIP LOCKED and leased for
 * one attempt, so each fetch is made by one instance, and one that dies
 * mid-fetch leaves the row to be claimed again when the lease runs out.
 * A round of attempts ends in one evidence_check row; failures are retried
 * with backoff before the round is recorded GONE. The row then waits for
 * the next re-check. Evidence of a superseded verdict keeps its snapshot
 * and is not re-checked.
 */
export class EvidenceWorker extends PollingWorker {
  private readonly rules: FetchRules;
  private readonly stopping = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly settings: EvidenceFetchSettings,
    { onError, lookup }: { onError(error: unknown): void; lookup?: Lookup },
  ) {
    super(settings.pollMs, onError);
    this.rules = {
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxBytes,
      maxRedirects: settings.maxRedirects,
      allow: addressMatcher(settings.allowAddresses),
      lookup: lookup ?? systemLookup,
      signal: this.stopping.signal,
    };
  }

  /** Fetches under way are cut off rather than waited for: their rows' leases run out, and another instance (or this one, started again) makes them. */
  override async stop(): Promise<void> {
    this.stopping.abort();
    await super.stop();
  }

  override start(): void {
    if (this.settings.enabled) super.start();
  }

  protected async tick(): Promise<void> {
    if (!this.settings.enabled) return;
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((row) => this.check(row)));
      if (this.stopped) return;
    }
  }

  private claim(): Promise<Claimed[]> {
    const leaseMs = this.settings.timeoutMs * 2 + 5000;
    return this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Claimed[]>`
        SELECT f.evidence_id AS "evidenceId", f.attempts, e.url, e.position, e.verdict_id AS "verdictId", v.statement_id AS "statementId",
          NOT EXISTS (
            SELECT 1 FROM verdict w WHERE w.statement_id = v.statement_id
              AND (w.created_at > v.created_at OR (w.created_at = v.created_at AND w.id > v.id))) AS current,
          EXISTS (SELECT 1 FROM evidence_check c WHERE c.evidence_id = f.evidence_id) AS checked
        FROM evidence_fetch f JOIN evidence e ON e.id = f.evidence_id JOIN verdict v ON v.id = e.verdict_id
        WHERE f.due_at <= now()
        ORDER BY f.due_at
        LIMIT ${this.settings.concurrency}
        FOR UPDATE OF f SKIP LOCKED`;
      if (rows.length === 0) return [];
      await tx.evidenceFetch.updateMany({ where: { evidenceId: { in: rows.map((r) => r.evidenceId) } }, data: { dueAt: new Date(Date.now() + leaseMs) } });
      return rows;
    });
  }

  private async check(row: Claimed): Promise<void> {
    if (!row.current && row.checked) {
      await this.db.evidenceFetch.update({ where: { evidenceId: row.evidenceId }, data: { dueAt: null, attempts: 0 } });
      return;
    }
    const fetched = await fetchEvidence(row.url, this.rules);
    if (this.stopping.signal.aborted) return;
    const attempts = row.attempts + 1;
    if (fetched.kind === 'failed' && attempts < this.settings.attempts) {
      await this.db.evidenceFetch.update({
        where: { evidenceId: row.evidenceId },
        data: { attempts, dueAt: new Date(Date.now() + backoffMs(attempts, this.settings.retryBaseMs, MAX_RETRY_MS)), lastError: fetched.error.slice(0, ERROR_CHARS) },
      });
      return;
    }
    await this.record(row, fetched, attempts);
  }

  /** Ends a round: the check, the next due date, and the event when the evidence has newly rotted. */
  private async record(row: Claimed, fetched: Fetched, attempts: number): Promise<void> {
    const stored = fetched.kind === 'page' && this.settings.storeBodies ? await gzipAsync(fetched.body) : null;
    const body = stored && stored.length <= this.settings.storeMaxBytes ? stored : null;
    await this.db.$transaction(async (tx) => {
      const baseline = await tx.evidenceCheck.findFirst({ where: { evidenceId: row.evidenceId, baseline: true }, select: { finalUrl: true, sha256: true, truncated: true, fetchedAt: true } });
      const previous = await tx.evidenceCheck.findFirst({ where: { evidenceId: row.evidenceId }, orderBy: [{ fetchedAt: 'desc' }, { id: 'desc' }], select: { result: true } });
      const judged = judge(fetched, baseline, attempts);
      const page = fetched.kind === 'page' ? fetched : null;
      const check = await tx.evidenceCheck.create({
        data: {
          evidenceId: row.evidenceId,
          result: judged.result,
          baseline: judged.baseline,
          reason: judged.reason,
          httpStatus: page ? page.status : fetched.kind === 'failed' ? fetched.status : null,
          finalUrl: fetched.finalUrl,
          redirects: fetched.redirects,
          contentType: page?.contentType ?? null,
          size: page?.size ?? null,
          truncated: page?.truncated ?? false,
          sha256: page?.sha256 ?? null,
          title: page?.title ?? null,
          error: fetched.kind === 'page' ? null : fetched.error.slice(0, ERROR_CHARS),
          attempts,
          body,
          storedBytes: body?.length ?? null,
        },
        omit: { body: true },
      });
      const recheck = this.settings.recheckSeconds;
      await tx.evidenceFetch.update({
        where: { evidenceId: row.evidenceId },
        data: { attempts: 0, lastError: null, dueAt: recheck > 0 && row.current ? new Date(Date.now() + recheck * 1000) : null },
      });
      if (row.current && ROTTEN.includes(judged.result) && previous?.result !== judged.result) {
        await recordEvent(tx, {
          type: 'EVIDENCE_ROTTED',
          statementId: row.statementId,
          payload: rottedPayload(row, check, previous?.result ?? null),
        });
      }
    });
  }
}

type CheckRow = Omit<EvidenceCheckRow, 'body'>;

/** What subscribers and webhooks get: the check as recorded, all of it but the body. */
export interface RottedPayload {
  statementId: string;
  verdictId: string;
  position: number;
  url: string;
  result: EvidenceResult;
  previousResult: EvidenceResult | null;
  reason: string;
  check: Omit<CheckRow, 'id' | 'evidenceId' | 'fetchedAt'> & { fetchedAt: string };
}

function rottedPayload(row: Claimed, { id: _id, evidenceId: _evidenceId, fetchedAt, ...check }: CheckRow, previousResult: EvidenceResult | null): RottedPayload {
  return {
    statementId: toGlobalId('Statement', row.statementId),
    verdictId: toGlobalId('Verdict', row.verdictId),
    position: row.position,
    url: row.url,
    result: check.result,
    previousResult,
    reason: check.reason,
    check: { ...check, fetchedAt: fetchedAt.toISOString() },
  };
}
