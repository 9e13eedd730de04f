import { randomFillSync } from 'node:crypto';
import { BadUserInputError } from './errors.js';

/**
 * Opaque global IDs (Relay's Object Identification). Clients treat them as
 * strings; the type in them lets `Query.node` fetch anything and lets every
 * argument reject an ID of the wrong type with a clear message instead of a
 * confusing NOT_FOUND. Written compact: base64url of one byte naming the
 * type and the uuid's 16 bytes, 23 characters. IDs of the first form
 * (base64url of "<Type>:<uuid>", 55 to 62 characters) still resolve.
 */
export const NODE_TYPES = ['Statement', 'Speaker', 'Source', 'Appearance', 'StatementLink', 'Verdict', 'ApiKey', 'AuditEntry', 'Article', 'Candidate', 'Webhook', 'ExternalReview'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

// A type's byte is its place in NODE_TYPES plus one: the list only ever grows at its end, so an ID handed out keeps its type.
const TYPE_BYTE = new Map<NodeType, number>(NODE_TYPES.map((type, n) => [type, n + 1]));
const COMPACT_LENGTH = 23;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A database id as the service writes it: a lower-case uuid, nothing looser (PostgreSQL would refuse the rest with an error). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A uuid's 16 bytes, and back. */
export function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

export function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The byte that names a type in its compact global IDs. */
export function typeByte(type: NodeType): number {
  return TYPE_BYTE.get(type)!;
}

export function toGlobalId(type: NodeType, id: string): string {
  const bytes = Buffer.alloc(17);
  bytes[0] = typeByte(type);
  bytes.write(id.replace(/-/g, ''), 1, 'hex');
  return bytes.toString('base64url');
}

/** The first form, base64url of "<Type>:<uuid>": for addresses already published with it. */
export function firstFormGlobalId(type: NodeType, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function parseGlobalId(value: string): { type: NodeType; id: string } | undefined {
  if (value.length > 200 || !/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  if (value.length === COMPACT_LENGTH) {
    const bytes = Buffer.from(value, 'base64url');
    // One spelling per ID: base64url's last character carries spare bits, which must be zero.
    if (bytes.length !== 17 || bytes.toString('base64url') !== value) return undefined;
    const type = NODE_TYPES[bytes[0]! - 1];
    return type ? { type, id: uuidFromBytes(bytes.subarray(1)) } : undefined;
  }
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
  return uuidFromBytes(bytes);
}
