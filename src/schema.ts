import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { AppearanceResolver } from './modules/appearance/appearance.resolver.js';
import { LinkResolver } from './modules/link/link.resolver.js';
import { NodeResolver } from './modules/node/node.resolver.js';
import { SourceResolver } from './modules/source/source.resolver.js';
import { SpeakerResolver } from './modules/speaker/speaker.resolver.js';
import { StatementResolver } from './modules/statement/statement.resolver.js';
import { VerdictResolver } from './modules/verdict/verdict.resolver.js';
import './modules/enums.js';

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [StatementResolver, SpeakerResolver, SourceResolver, AppearanceResolver, LinkResolver, VerdictResolver, NodeResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // Input checks live in the services, which know the rules.
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}

/** The SDL committed as schema.graphql. */
export async function printedSchema(): Promise<string> {
  return printSchema(await getSchema()) + "\n";
}
