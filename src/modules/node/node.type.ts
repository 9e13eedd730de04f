import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from '../../ids.js';

/** Marks a row with its GraphQL type so `Query.node` can resolve the interface. */
export const NODE_TYPE = Symbol('nodeType');

export function asNode<T extends object>(type: NodeType, row: T): T {
  Object.defineProperty(row, NODE_TYPE, { value: type, enumerable: false });
  return row;
}

@InterfaceType('Node', {
  description: 'Anything with a global ID, fetchable through `Query.node` (Relay Object Identification).',
  resolveType: (value: { [NODE_TYPE]?: NodeType }) => value[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global ID: pass it back as is.' })
  id!: string;
}
