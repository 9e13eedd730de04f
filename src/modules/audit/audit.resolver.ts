import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import type { AuditEntry as AuditRow } from '../../generated/prisma/client.js';
import { toGlobalId, type NodeType } from '../../ids.js';
import { PageArgs } from '../../pagination.js';
import { AuditFilter } from './audit.inputs.js';
import { AuditEntry, AuditEntryConnection } from './audit.type.js';

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized('ADMIN')
  @Query(() => AuditEntryConnection, { description: 'Every change ever made, newest first. ADMIN only.' })
  async auditLog(
    @Ctx() { services, actor }: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Conditions every entry must meet.' }) filter: AuditFilter | null,
  ): Promise<AuditEntryConnection> {
    return new AuditEntryConnection(await services.audit.list(actor, filter, page));
  }

  @FieldResolver(() => ID)
  id(@Root() entry: AuditRow): string {
    return toGlobalId('AuditEntry', entry.id);
  }

  @FieldResolver(() => ID, { description: 'Global ID of what changed.' })
  entityId(@Root() entry: AuditRow): string {
    return toGlobalId(entry.entityType as NodeType, entry.entityId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'Global ID of the API key that made the change; null for the service’s own tools.' })
  keyId(@Root() entry: AuditRow): string | null {
    return entry.keyId ? toGlobalId('ApiKey', entry.keyId) : null;
  }
}
