import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError, translateDatabaseError } from '../../src/errors.js';
import { Prisma } from '../../src/generated/prisma/client.js';

/** Errors in the shapes the pg driver and Prisma's driver adapter raise them, as logged during a PostgreSQL crash and restart. */
const prisma = (message: string, code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7', meta });
const pgError = (message: string, code: string) => Object.assign(new Error(message), { name: 'error', code });

describe('translateDatabaseError', () => {
  it.each<[string, Error]>([
    ['a raw query on a connection the server closed', prisma('\nInvalid `prisma.$queryRaw()` invocation:\n\n\nRaw query failed. Code: `N/A`. Message: `Server has closed the connection.`', 'P2010', { code: 'N/A', message: 'Server has closed the connection.' })],
    ['a query while PostgreSQL starts up', prisma('\nInvalid `prisma.event.findMany()` invocation:\n\n\nDatabase error. Code: `57P03`. Message: `the database system is starting up`', 'P2010')],
    ['a query while PostgreSQL shuts down', prisma('Database error. Code: `57P03`. Message: `the database system is shutting down`', 'P2010')],
    ['an unreachable server', prisma("\nInvalid `prisma.webhook.findMany()` invocation:\n\n\nCan't reach database server at 127.0.0.1:40005", 'P1001')],
    ['a closed connection (ORM call)', prisma('Server has closed the connection.', 'P1017')],
    ['a connection timing out', prisma('Operation has timed out', 'P1008')],
    ['the pg driver on an administrator shutdown', pgError('terminating connection due to administrator command', '57P01')],
    ['the pg driver on a crash of another backend', pgError('terminating connection because of crash of another server process', '57P02')],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    ['the driver adapter inside a transaction', Object.assign(new Error('ConnectionClosed'), { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } })],
    ['the driver adapter passing on PostgreSQL\'s code', Object.assign(new Error('postgres'), { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' } })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a connection ended mid-query', new Error('Connection terminated unexpectedly')],
  ])('%s is SERVICE_UNAVAILABLE', (_, error) => {
    const translated = translateDatabaseError(error);
    expect(translated).toBeInstanceOf(ServiceUnavailableError);
    expect(translated!.message).not.toMatch(/cancelled/);
  });

  it.each<[string, Error]>([
    ['the statement timeout', pgError('canceling statement due to statement timeout', '57014')],
    ['the statement timeout inside a raw query', prisma('Raw query failed. Code: `57014`. Message: `canceling statement due to statement timeout`', 'P2010')],
    ['an expired interactive transaction', prisma('Transaction already closed: A query cannot be executed on an expired transaction.', 'P2028')],
  ])('%s says the request took too long', (_, error) => {
    expect(translateDatabaseError(error)?.message).toBe('The request took too long and was cancelled');
  });

  it.each<[string, Error]>([
    ['a unique violation', prisma('Unique constraint failed on the fields: (`slug`)', 'P2002')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that happens to hold a code as data', new Error('no statement 08006 or 57P01 here')],
  ])('%s is left to the caller (an internal error unless a service knows it)', (_, error) => {
    expect(translateDatabaseError(error)).toBeUndefined();
  });
});
