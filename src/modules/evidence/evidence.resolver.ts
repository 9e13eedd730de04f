import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Evidence as EvidenceRow } from '../../generated/prisma/client.js';
import { PageArgs } from '../../pagination.js';
import type { OutboxEvent } from '../events/event.dispatcher.js';
import { AFTER } from '../events/event.resolver.js';
import { Evidence } from '../verdict/verdict.type.js';
import { EvidenceCheck, EvidenceCheckConnection, EvidenceRotted, VerdictWithRottenEvidenceConnection, type CheckRow } from './evidence.type.js';

@Resolver(() => Evidence)
export class EvidenceChecksResolver {
  @FieldResolver(() => EvidenceCheck, {
    nullable: true,
    description:
      'What the page was when it was first read after the verdict was recorded (its first successful fetch): status, final URL, type, size, SHA-256 and title. Later checks compare with it. Null until then, and for evidence never fetched (fetching off, the demo story).',
  })
  snapshot(@Root() evidence: EvidenceRow, @Ctx() { loaders }: Context): Promise<CheckRow | null> {
    return loaders.snapshotByEvidence.load(evidence.id);
  }

  @FieldResolver(() => EvidenceCheck, {
    nullable: true,
    description: 'The latest check, whatever it found (the snapshot itself until it is re-checked); null before the first fetch.',
  })
  latestCheck(@Root() evidence: EvidenceRow, @Ctx() { loaders }: Context): Promise<CheckRow | null> {
    return loaders.latestCheckByEvidence.load(evidence.id);
  }

  @FieldResolver(() => EvidenceCheckConnection, { description: 'Every fetch of this evidence, the snapshot included, newest first.' })
  async checks(@Root() evidence: EvidenceRow, @Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs): Promise<EvidenceCheckConnection> {
    return new EvidenceCheckConnection(await services.evidence.checks(evidence.id, page));
  }
}

@Resolver(() => EvidenceCheck)
export class EvidenceCheckResolver {
  @FieldResolver(() => Boolean, { description: 'The body was kept, gzip-compressed (EVIDENCE_STORE_BODIES); it is never served through the API.' })
  bodyStored(@Root() check: CheckRow): boolean {
    return check.storedBytes != null;
  }
}

@Resolver()
export class RottenEvidenceResolver {
  @Query(() => VerdictWithRottenEvidenceConnection, {
    description:
      "For the desk: statements' current verdicts with evidence whose latest check found it GONE, CHANGED or MOVED (see EvidenceResult), newest verdict first; each lists which evidence and why. Checks never change a verdict.",
  })
  async verdictsWithRottenEvidence(@Ctx() { services }: Context, @Args(() => PageArgs) page: PageArgs): Promise<VerdictWithRottenEvidenceConnection> {
    return new VerdictWithRottenEvidenceConnection(await services.evidence.rotten(page));
  }

  @Subscription(() => EvidenceRotted, {
    description: "Each time a check finds a current verdict's evidence GONE, CHANGED or MOVED where the check before had found otherwise, optionally on one statement only.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { statementId?: string | null; after?: string | null }, Context>) =>
      context.services.live.evidenceRotted(context, args),
  })
  async evidenceRotted(
    @Root() event: OutboxEvent,
    @Ctx() { services }: Context,
    @Arg('statementId', () => ID, { nullable: true, description: 'Only evidence of verdicts on this statement.' }) _statementId?: string | null,
    @Arg('after', () => ID, { nullable: true, description: AFTER }) _after?: string | null,
  ): Promise<EvidenceRotted> {
    return { eventId: event.id.toString(), ...(await services.evidence.rottedOf(event)) };
  }
}
