import type { StatementLink as LinkRow } from '../../generated/prisma/client.js';
import type { LinkKind, Role } from '../../generated/prisma/enums.js';
import { fromGlobalId, toGlobalId } from '../../ids.js';

/** A link event carries the whole link: once removed, the row is gone and the event is all that is left of it. */
export interface LinkPayload {
  linkId: string;
  fromId: string;
  toId: string;
  kind: LinkKind;
  note: string | null;
  createdAt: string;
  /** Absent from events recorded before links kept their maker's role. */
  createdByRole?: Role;
}

export function linkPayload(row: LinkRow): LinkPayload {
  return {
    linkId: toGlobalId('StatementLink', row.id),
    fromId: toGlobalId('Statement', row.fromId),
    toId: toGlobalId('Statement', row.toId),
    kind: row.kind,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    createdByRole: row.createdByRole,
  };
}

/** The link as its row was, for the StatementLink type's resolvers. */
export function linkFromPayload(payload: LinkPayload): LinkRow {
  return {
    id: fromGlobalId('StatementLink', payload.linkId, 'linkId'),
    fromId: fromGlobalId('Statement', payload.fromId, 'fromId'),
    toId: fromGlobalId('Statement', payload.toId, 'toId'),
    kind: payload.kind,
    note: payload.note,
    createdById: null,
    // As the migration treats links whose maker is unknown.
    createdByRole: payload.createdByRole ?? 'ADMIN',
    createdAt: new Date(payload.createdAt),
  };
}
