import { Field, ID, InputType } from 'type-graphql';

@InputType('AuditFilter', { description: 'Narrows the audit trail. All given conditions must hold.' })
export class AuditFilter {
  @Field(() => ID, { nullable: true, description: 'Changes to this entity (any global ID: a statement, a verdict, a key...).' })
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Changes made with this API key.' })
  keyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Changes made by this mutation, such as "setVerdict".' })
  operation?: string | null;

  @Field(() => Date, { nullable: true, description: 'At or after this moment.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Before this moment.' })
  to?: Date | null;
}
