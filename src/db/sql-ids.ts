import { typeByte, type NodeType } from '../ids.js';

/**
 * Public IDs written by PostgreSQL, byte for byte as ids.ts writes them, for
 * SQL whose result is already what clients see: events written in the same
 * statement as their change.
 */

/**
 * base64url without padding, as Buffer's 'base64url' writes it (PostgreSQL's
 * base64 breaks lines every 76 characters). Four plain replacements cost
 * PostgreSQL half what one translate() does, which looks every character up
 * as a possibly multibyte one; a page writes a few dozen of these.
 */
export const base64urlSql = (bytes: string) => `replace(replace(replace(rtrim(encode(${bytes}, 'base64'), '='), E'\\n', ''), '+', '-'), '/', '_')`;

/** Bytes known when the SQL is written, as a bytea literal. */
export const bytesLiteral = (...parts: Buffer[]) => `'\\x${Buffer.concat(parts).toString('hex')}'::bytea`;

/** A uuid column's 16 bytes (its binary send form: half the cost of decoding its text without dashes, which gives the same bytes). */
export const uuidBytesSql = (id: string) => `uuid_send(${id})`;

/** As toGlobalId: the type's byte and the uuid's. */
export const globalIdSql = (type: NodeType, id: string) => base64urlSql(`${bytesLiteral(Buffer.from([typeByte(type)]))} || ${uuidBytesSql(id)}`);
