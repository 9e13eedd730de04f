import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context.js';
import { Node } from './node.type.js';
import { Compiled, root } from '../../graphql/compiled/spec.js';

@Resolver()
export class NodeResolver {
  @Compiled(root('node'))
  @Query(() => Node, { nullable: true, description: 'Anything by its global ID; null when nothing has that ID.' })
  node(@Ctx() { services }: Context, @Arg('id', () => ID, { description: 'A global ID of any type.' }) id: string) {
    return services.nodes.find(id);
  }
}
