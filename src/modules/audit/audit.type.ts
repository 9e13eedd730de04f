import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Connection } from '../../pagination.js';
import { Role } from '../auth/apikey.type.js';
import { CacheControl, KEY_DEPENDENT } from '../../graphql/cache-hints.js';

@CacheControl(KEY_DEPENDENT)
@ObjectType('AuditEntry', {
  description: 'One successful change: who made it, with which operation, to what, when, and the values before and after. Never changed or deleted.',
})
export class AuditEntry {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => String, { description: 'The mutation that made the change, such as "setVerdict".' })
  operation!: string;

  @Field(() => String, { description: 'The type of what changed: Statement, Verdict, StatementLink, ApiKey...' })
  entityType!: string;

  @Field(() => String, { description: "The key's name at the time, or the tool that acted (demo data, command line)." })
  keyName!: string;

  @Field(() => Role, { nullable: true, description: "The key's role at the time." })
  keyRole!: Role | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The entity before the change; null for a creation.' })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The entity after the change; null for a removal.' })
  after!: unknown;

  @Field(() => Date, { description: 'When the change was committed.' })
  createdAt!: Date;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('AuditEntryConnection', { description: 'A page of the audit trail.' })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry', 'audit entry', 'audit entries') {}
