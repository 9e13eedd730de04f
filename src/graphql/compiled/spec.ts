import { Extensions } from 'type-graphql';
import type { NodeType } from '../../ids.js';

/**
 * What a field means in SQL, declared on the field itself: the read compiler
 * (see compiler.ts) compiles an operation only when every field it selects
 * carries one of these. A field without it (a role check, a computed value,
 * anything with side effects) keeps the operation on the resolvers.
 */
export type CompileSpec =
  /** A column of the parent's row; its JSON form follows the field's GraphQL type. */
  | { kind: 'column'; column: string }
  /** The row's global ID (ids.ts). */
  | { kind: 'globalId'; type: NodeType }
  /** Rows related to the parent, read as sql.ts's RELATIONS define them. */
  | { kind: 'relation'; name: RelationName }
  /** Part of a statement connection (pagination.ts). */
  | { kind: 'connection'; part: ConnectionPart }
  /** A Query field the compiler can start from. */
  | { kind: 'root'; name: RootName };

export type RelationName =
  | 'statement.speaker'
  | 'statement.appearances'
  | 'statement.appearanceCount'
  | 'statement.sources'
  | 'statement.rebuttals'
  | 'statement.rebuttalCount'
  | 'statement.rebuts'
  | 'statement.disputed'
  | 'statement.verdict'
  | 'statement.verdicts'
  | 'statement.verdictCount'
  | 'appearance.source'
  | 'appearance.statement'
  | 'verdict.evidence'
  | 'verdict.judgedSpeaker'
  | 'verdict.statement';

export type ConnectionPart = 'edges' | 'pageInfo' | 'totalCount' | 'cursor' | 'node' | 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor';

export type RootName = 'statements' | 'statement' | 'node' | 'speaker' | 'source';

export const COMPILE_EXTENSION = 'compiled';

/** Marks a field as compilable to SQL (see CompileSpec). */
export function Compiled(spec: CompileSpec): MethodDecorator & PropertyDecorator {
  return Extensions({ [COMPILE_EXTENSION]: spec });
}

export const column = (name: string): CompileSpec => ({ kind: 'column', column: name });
export const globalId = (type: NodeType): CompileSpec => ({ kind: 'globalId', type });
export const relation = (name: RelationName): CompileSpec => ({ kind: 'relation', name });
export const connectionPart = (part: ConnectionPart): CompileSpec => ({ kind: 'connection', part });
export const root = (name: RootName): CompileSpec => ({ kind: 'root', name });

export function specOf(field: { extensions?: Record<string, unknown> | null }): CompileSpec | undefined {
  return field.extensions?.[COMPILE_EXTENSION] as CompileSpec | undefined;
}
