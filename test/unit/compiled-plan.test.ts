import 'reflect-metadata';
import { Kind, parse, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { Authorized, buildSchema, Field, ObjectType, Query, Resolver, UseMiddleware } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlan, guardedFields, resetGuardedFields, type PlanObject } from '../../src/graphql/compiled/plan.js';
import { NotCompilable } from '../../src/graphql/compiled/selection.js';
import { column, Compiled, root } from '../../src/graphql/compiled/spec.js';
import { RoleAuthChecker } from '../../src/modules/auth/actor.js';
import { getSchema } from '../../src/schema.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
});

function plan(document: string, on: GraphQLSchema = schema, variables: Record<string, unknown> = {}): PlanObject {
  const ast = parse(document);
  const operation = ast.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    ast.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return buildPlan(on, operation, { schema: on, fragments, variables });
}

describe('plan', () => {
  it('plans a page of statements with their relations, keys in response order', () => {
    const planned = plan(`{ statements(first: 2) { pageInfo { endCursor } edges { node { id speaker { name } appearances { source { name } } } } } }`);
    const statements = planned.fields[0]!;
    expect(statements.spec).toEqual({ kind: 'root', name: 'statements' });
    const edges = statements.object!.fields[1]!;
    expect(edges.key).toBe('edges');
    const node = edges.object!.fields[0]!.object!;
    expect(node.fields.map((f) => f.key)).toEqual(['id', 'speaker', 'appearances']);
    expect(node.fields[1]!.spec).toEqual({ kind: 'relation', name: 'statement.speaker' });
  });

  it('plans node() for every type it can read, and marks the others null', () => {
    const planned = plan(`query($id: ID!) { node(id: $id) { id ... on Statement { text } ... on Speaker { name } } }`);
    const byType = planned.fields[0]!.byType!;
    expect(byType.get('Statement')).toBeTruthy();
    expect(byType.get('Speaker')).toBeTruthy();
    expect(byType.get('Article')).toBeNull();
  });

  it('refuses a mutation, even one selecting only compilable fields', () => {
    expect(() => plan(`mutation($input: CreateStatementInput!) { createStatement(input: $input) { id text } }`)).toThrow(NotCompilable);
  });

  it('refuses a field that declares nothing for SQL (a computed one, or one on another type)', () => {
    expect(() => plan(`{ statement(id: "x") { statusAsOf(at: "2020-01-01T00:00:00Z") } }`)).toThrow(NotCompilable);
    expect(() => plan(`{ statement(id: "x") { links { id } } }`)).toThrow(NotCompilable);
    expect(() => plan(`{ speakers { edges { node { name } } } }`)).toThrow(NotCompilable);
    expect(() => plan(`{ apiKeys { edges { node { name } } } }`)).toThrow(NotCompilable);
  });

  it('never compiles a field guarded by a role or a middleware, even when it declares a column', async () => {
    // Decorated by hand: the test files are not compiled with decorator support.
    const decorate = (target: object, key: string | undefined, ...decorators: unknown[]) => {
      for (const decorator of decorators.reverse() as ((...args: unknown[]) => void)[]) {
        if (key === undefined) decorator(target);
        else decorator(target, key, Object.getOwnPropertyDescriptor(target, key));
      }
    };
    class GuardedThing {
      name!: string;
      secret!: string;
      watched!: string;
    }
    decorate(GuardedThing.prototype, 'name', Compiled(column('name')), Field(() => String));
    decorate(GuardedThing.prototype, 'secret', Authorized('ADMIN'), Compiled(column('secret')), Field(() => String));
    decorate(GuardedThing.prototype, 'watched', UseMiddleware(async (_, next) => next()), Compiled(column('watched')), Field(() => String));
    decorate(GuardedThing, undefined, ObjectType('GuardedThing'));
    class GuardedResolver {
      thing(): GuardedThing {
        return { name: 'a', secret: 'b', watched: 'c' };
      }

      adminThing(): GuardedThing {
        return { name: 'a', secret: 'b', watched: 'c' };
      }
    }
    decorate(GuardedResolver.prototype, 'thing', Compiled(root('statement')), Query(() => GuardedThing));
    decorate(GuardedResolver.prototype, 'adminThing', Authorized('ADMIN'), Compiled(root('statement')), Query(() => GuardedThing));
    decorate(GuardedResolver, undefined, Resolver(() => GuardedThing));
    const own = await buildSchema({ resolvers: [GuardedResolver], authChecker: RoleAuthChecker, validate: false });
    resetGuardedFields();
    expect(guardedFields()).toContain('GuardedThing.secret');
    expect(guardedFields()).toContain('GuardedThing.watched');
    expect(guardedFields()).toContain('Query.adminThing');
    expect(guardedFields()).not.toContain('GuardedThing.name');
    // The planner does not know the type, but the guard is checked first for each field.
    expect(() => plan(`{ thing { secret } }`, own)).toThrow(/guarded|GuardedThing/);
    expect(() => plan(`{ thing { watched } }`, own)).toThrow(/guarded|GuardedThing/);
    expect(() => plan(`{ adminThing { name } }`, own)).toThrow(/guarded/);
  });

  it('finds no guard on any field the service compiles', () => {
    resetGuardedFields();
    const guarded = guardedFields();
    for (const field of ['Query.statements', 'Query.statement', 'Query.node', 'Statement.speaker', 'Statement.rebuttals', 'Verdict.evidence']) {
      expect(guarded).not.toContain(field);
    }
    // ...and finds the service's own guarded fields.
    expect(guarded).toContain('Query.apiKeys');
  });
});
