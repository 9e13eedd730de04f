import { parseArgs } from 'node:util';
import { ConfigError, parseConfig } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { Role } from '../../generated/prisma/enums.js';
import { toGlobalId } from '../../ids.js';
import { createServices } from '../../services.js';
import { systemActor } from './actor.js';

export const API_KEY_USAGE = `usage:
  npm run apikey -- create --role <${Object.values(Role).join('|')}> --name <who uses it>
  npm run apikey -- list
  npm run apikey -- revoke <key id>`;

export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
}

/**
 * `npm run apikey -- ...`: the first ADMIN key of a fresh install, and key
 * administration without a GraphQL client. Returns the exit code. Changes
 * appear in the audit trail as made by "command line".
 */
export async function apiKeyCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { role: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${API_KEY_USAGE}`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    io.out(API_KEY_USAGE);
    return 0;
  }
  const role = values.role?.toUpperCase();
  const usageProblem =
    command === 'create'
      ? !role || !(role in Role)
        ? `--role must be one of ${Object.values(Role).join(', ')}`
        : !values.name?.trim()
          ? '--name is required'
          : undefined
      : command === 'list'
        ? undefined
        : command === 'revoke'
          ? rest.length === 1
            ? undefined
            : 'revoke takes one key id'
          : command
            ? `unknown command "${command}"`
            : 'a command is required';
  if (usageProblem) {
    io.err(`${usageProblem}\n${API_KEY_USAGE}`);
    return 2;
  }

  let database;
  try {
    const config = parseConfig(env);
    database = await openDatabase(config);
    const services = createServices(database.db, config);
    const actor = systemActor('command line');
    if (command === 'create') {
      const { key, apiKey } = await services.apiKeys.create(actor, { name: values.name!, role: role as Role });
      io.out(`Created ${apiKey.role} key "${apiKey.name}" (id ${toGlobalId('ApiKey', apiKey.id)}).`);
      io.out('The key, shown this once; send it as "Authorization: Bearer <key>":');
      io.out(key);
    } else if (command === 'list') {
      let after: string | null = null;
      do {
        const page = await services.apiKeys.list(actor, { first: 100, after });
        for (const { node } of page.edges) {
          const state = node.revokedAt ? `revoked ${node.revokedAt.toISOString()}` : 'active';
          io.out(`${toGlobalId('ApiKey', node.id)}  ${node.role.padEnd(12)} ${node.keyPrefix}…  ${state}  ${node.name}`);
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
    } else {
      const revoked = await services.apiKeys.revoke(actor, rest[0]!);
      io.out(`Revoked "${revoked.name}" (${revoked.role}).`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof AppError || (error instanceof Error && error.name === 'DataDirInUseError');
    io.err(known ? (error as Error).message : `Failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}
