import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { Appearance as AppearanceRow } from '../../generated/prisma/client.js';
import { Appearance } from '../appearance/appearance.type.js';
import { fidelityOf } from './fidelity.compare.js';
import { Source } from '../source/source.type.js';
import type { Source as SourceRow } from '../../generated/prisma/client.js';
import { Fidelity, SourceFidelity } from './fidelity.type.js';

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
    // The enums' values are the comparison's own kinds.
    return fidelityOf(appearance, statement?.quote ?? null, appearances) as Fidelity | null;
  }
}

@Resolver(() => Source)
export class SourceFidelityResolver {
  @FieldResolver(() => SourceFidelity, {
    description: "How faithfully this outlet carried the words it reported: its appearances published in [since, until) counted by fidelity (see Appearance.fidelity).",
  })
  fidelity(
    @Root() source: SourceRow,
    @Ctx() { services }: Context,
    @Arg('since', () => Date, { nullable: true, description: 'Published at or after this moment.' }) since: Date | null,
    @Arg('until', () => Date, { nullable: true, description: 'Published before this moment.' }) until: Date | null,
  ): Promise<SourceFidelity> {
    return services.fidelity.ofSource(source.id, since ?? null, until ?? null);
  }
}
