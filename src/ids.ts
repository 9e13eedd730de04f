import { randomFillSync } from 'node:crypto';
import { BadUserInputError } from './errors.js';

/**
 * Opaque global IDs (Relay's Object Identification): base64url of
 * "<Type>:<uuid>". Clients treat them as strings; the type prefix lets
 * `Query.node` fetch anything and lets every argument reject an ID of the
 * wrong type with a clear message instead of a confusing NOT_FOUND.
 */
export const NODE_TYPES = ['Statement', 'Speaker', 'Source', 'Appearance', 'StatementLink', 'Verdict', 'ApiKey', 'AuditEntry', 'Article', 'Candidate', 'Webhook', 'ExternalReview'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A database id as the service writes it: a lower-case uuid, nothing looser (PostgreSQL would refuse the rest with an error). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function toGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(value: string): { type: NodeType; id: string } | undefined {
  if (value.length > 200 || !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const type = decoded.slice(0, colon) as NodeType;
  const id = decoded.slice(colon + 1);
  if (!NODE_TYPES.includes(type) || !isUuid(id)) return undefined;
  return { type, id };
}

/** The database id behind a global ID of the expected type, or BAD_USER_INPUT. */
export function fromGlobalId(expected: NodeType, value: string, field: string): string {
  const parsed = parseGlobalId(value.trim());
  if (!parsed) throw new BadUserInputError(`${field} is not a valid ${expected} ID`, field);
  if (parsed.type !== expected) {
    throw new BadUserInputError(`${field} must be a ${expected} ID, but this is a ${parsed.type} ID`, field);
  }
  return parsed.id;
}

/** Random bytes drawn 256 ids at a time: drawing them id by id was a visible share of a bulk import. */
const idPool = Buffer.alloc(16 * 256);
let idPoolAt = idPool.length;

/**
 * A new UUIDv7 (time-ordered, as the database's uuid(7) defaults), for rows
 * written in bulk whose ids are needed before they are inserted.
 */
export function newId(): string {
  if (idPoolAt + 16 > idPool.length) {
    randomFillSync(idPool);
    idPoolAt = 0;
  }
  // A copy: the pool is refilled in place.
  const bytes = Buffer.from(idPool.subarray(idPoolAt, idPoolAt + 16));
  idPoolAt += 16;
  const ms = Date.now();
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
