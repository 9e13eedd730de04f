import { Extensions, Field, ID, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import type { EvidenceCheck as EvidenceCheckRow, Evidence as EvidenceRow, Statement as StatementRow, Verdict as VerdictRow } from '../../generated/prisma/client.js';
import { EvidenceResult } from '../../generated/prisma/enums.js';
import { Connection } from '../../pagination.js';
import { EVENT_ID } from '../events/event.type.js';
import { Statement } from '../statement/statement.type.js';
import { MAX_EVIDENCE } from '../verdict/verdict.rules.js';
import { Evidence, Verdict } from '../verdict/verdict.type.js';

registerEnumType(EvidenceResult, {
  name: 'EvidenceResult',
  description: "What a fetch of an evidence URL found, against the evidence's snapshot (its first successful fetch).",
  valuesConfig: {
    OK: { description: 'Read as in the snapshot: same final URL, same body hash. The snapshot itself is OK.' },
    CHANGED: { description: "Read, but its body's SHA-256 differs from the snapshot's." },
    MOVED: { description: 'Read, but it now ends (after redirects) at another URL than the snapshot did.' },
    GONE: { description: 'Not read: an error status (4xx, 5xx), no answer in time, a name that does not resolve, too many redirects, in every attempt of the round.' },
    REFUSED: { description: 'Not fetched: the URL or a redirect hop leads to an address the service may not reach (loopback, private, link-local and other special-purpose ranges).' },
  },
});

/** A check as read: never with its body. */
export type CheckRow = Omit<EvidenceCheckRow, 'body'>;

@ObjectType('EvidenceCheck', {
  description:
    "One fetch of an evidence URL: what came back and what that says against the snapshot. Only metadata and a hash of the body are served, never the body itself.",
})
export class EvidenceCheck {
  @Field(() => EvidenceResult, { description: 'What it found.' })
  result!: EvidenceResult;

  @Field(() => String, { description: 'The result in words: the error, or how it compares with the snapshot.' })
  reason!: string;

  @Field(() => Boolean, { description: 'True for the snapshot: the first successful fetch, which later checks are compared with.' })
  baseline!: boolean;

  @Field(() => Int, { nullable: true, description: 'The last HTTP status received; null when no answer came.' })
  httpStatus!: number | null;

  @Field(() => String, { nullable: true, description: 'The URL the fetch ended at, after redirects (or the hop that failed or was refused).' })
  finalUrl!: string | null;

  @Field(() => Int, { description: 'Redirects followed.' })
  redirects!: number;

  @Field(() => String, { nullable: true, description: 'The Content-Type of the page read.' })
  contentType!: string | null;

  @Field(() => Int, { nullable: true, description: 'Bytes of the body read (at most EVIDENCE_FETCH_MAX_BYTES); null when nothing was read.' })
  size!: number | null;

  @Field(() => Boolean, { description: 'The body went on past EVIDENCE_FETCH_MAX_BYTES: `size` and `sha256` are of its first bytes only.' })
  truncated!: boolean;

  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the body bytes read, as served (no content decoding).' })
  sha256!: string | null;

  @Field(() => String, { nullable: true, description: "The HTML page's <title>, if it had one." })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the page was not read (GONE, REFUSED); null otherwise.' })
  error!: string | null;

  @Field(() => Int, { description: 'Attempts the round took (failures are retried with backoff before GONE is recorded).' })
  attempts!: number;

  @Field(() => Date, { description: 'When the fetch ended.' })
  fetchedAt!: Date;
}

@ObjectType('EvidenceCheckConnection', { description: "A page of an evidence item's checks, newest first." })
export class EvidenceCheckConnection extends Connection(EvidenceCheck as ClassType<CheckRow>, 'EvidenceCheck', 'check') {}

@ObjectType('RottenEvidence', { description: "A piece of a verdict's evidence whose latest check found it GONE, CHANGED or MOVED." })
export class RottenEvidence {
  @Field(() => Evidence, { description: 'The evidence, as the verdict cites it.' })
  evidence!: EvidenceRow;

  @Field(() => EvidenceResult, { description: 'What its latest check found.' })
  result!: EvidenceResult;

  @Field(() => String, { description: 'Why, in words (the latest check\'s reason).' })
  reason!: string;

  @Field(() => EvidenceCheck, { description: 'Its latest check.' })
  check!: CheckRow;
}

@ObjectType('VerdictWithRottenEvidence', { description: 'A current verdict some of whose evidence no longer reads as it did when the verdict was recorded.' })
export class VerdictWithRottenEvidence {
  @Field(() => Verdict, { description: "The verdict: its statement's current one. It is never changed by a check." })
  verdict!: VerdictRow;

  @Field(() => Statement, { description: 'The statement it judges.' })
  statement!: StatementRow;

  @Extensions({ maxItems: MAX_EVIDENCE })
  @Field(() => [RottenEvidence], { description: 'Its rotten evidence, in the order the verdict cites it; the rest of its evidence reads as it did.' })
  rotten!: RottenEvidence[];
}

@ObjectType('VerdictWithRottenEvidenceConnection', { description: 'A page of verdicts with rotten evidence, newest verdict first.' })
export class VerdictWithRottenEvidenceConnection extends Connection(VerdictWithRottenEvidence, 'VerdictWithRottenEvidence', 'verdict with rotten evidence', 'verdicts with rotten evidence') {}

@ObjectType('EvidenceRotted', { description: "A check of a current verdict's evidence found it GONE, CHANGED or MOVED, where the check before had found otherwise." })
export class EvidenceRotted {
  @Field(() => ID, { description: EVENT_ID })
  eventId!: string;

  @Field(() => EvidenceResult, { description: 'What the check found.' })
  result!: EvidenceResult;

  @Field(() => EvidenceResult, { nullable: true, description: 'What the check before it found; null for the first check.' })
  previousResult!: EvidenceResult | null;

  @Field(() => Verdict, { description: 'The verdict the evidence belongs to (unchanged).' })
  verdict!: VerdictRow;

  @Field(() => Evidence, { description: 'The evidence.' })
  evidence!: EvidenceRow;

  @Field(() => EvidenceCheck, { description: 'The check.' })
  check!: CheckRow;
}
