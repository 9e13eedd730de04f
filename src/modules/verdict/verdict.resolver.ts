import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Verdict as VerdictRow } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../ids.js';
import { Speaker } from '../speaker/speaker.type.js';
import { Statement } from '../statement/statement.type.js';
import { SetVerdictInput } from './verdict.inputs.js';
import { MAX_EVIDENCE } from './verdict.rules.js';
import { Evidence, Verdict } from './verdict.type.js';
import { Compiled, globalId, relation } from '../../graphql/compiled/spec.js';

@Resolver(() => Verdict)
export class VerdictResolver {
  @Authorized('FACT_CHECKER')
  @Mutation(() => Verdict, {
    description:
      "Records a verdict: it becomes the statement's status and joins its history (nothing is overwritten). CONFLICT when the statement is no longer at `expectedVersion`.",
  })
  async setVerdict(
    @Ctx() { services, actor, loaders }: Context,
    @Arg('input', () => SetVerdictInput, { description: 'What to write.' }) input: SetVerdictInput,
  ): Promise<VerdictRow> {
    const { verdict, statement } = await services.verdicts.set(actor, input);
    // The answer's `statement` is the row the write returned, not read again
    // (nor an earlier read of this request: mutations run one after another).
    loaders.statementById.clear(statement.id).prime(statement.id, statement);
    return verdict;
  }

  @Compiled(globalId('Verdict'))
  @FieldResolver(() => ID)
  id(@Root() verdict: VerdictRow): string {
    return toGlobalId('Verdict', verdict.id);
  }

  @Compiled(relation('verdict.evidence'))
  @Extensions({ maxItems: MAX_EVIDENCE })
  @FieldResolver(() => [Evidence], { description: 'The evidence relied on, in the order given.' })
  evidence(@Root() verdict: VerdictRow, @Ctx() { loaders }: Context) {
    return loaders.evidenceByVerdict.load(verdict.id);
  }

  @Compiled(relation('verdict.judgedSpeaker'))
  @FieldResolver(() => Speaker, { description: 'The speaker the verdict judged the words of (the statement may have another one now).' })
  judgedSpeaker(@Root() verdict: VerdictRow, @Ctx() { loaders }: Context) {
    return loaders.speakerById.load(verdict.judgedSpeakerId);
  }

  @Compiled(relation('verdict.statement'))
  @FieldResolver(() => Statement, { description: 'The statement judged, as it is now (its current status and version).' })
  statement(@Root() verdict: VerdictRow, @Ctx() { loaders }: Context) {
    return loaders.statementById.load(verdict.statementId);
  }
}
