import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Appearance as AppearanceRow } from '../../generated/prisma/client.js';
import { Appearance } from '../appearance/appearance.type.js';
import { fidelityOf } from './fidelity.service.js';
import { Fidelity } from './fidelity.type.js';

@Resolver(() => Appearance)
export class FidelityResolver {
  @FieldResolver(() => Fidelity, {
    nullable: true,
    description:
      "Whether this outlet carried the words said: its wording against the statement's quote, or against the first appearance's wording when there is no quote. Null without a wording, or for the first appearance of a statement without a quote.",
  })
  async fidelity(@Root() appearance: AppearanceRow, @Ctx() { loaders }: Context): Promise<Fidelity | null> {
    if (appearance.wording == null) return null;
    const [statement, appearances] = await Promise.all([
      loaders.statementById.load(appearance.statementId),
      loaders.appearancesByStatement.load(appearance.statementId),
    ]);
    return fidelityOf(appearance, statement?.quote ?? null, appearances);
  }
}
