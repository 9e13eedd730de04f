import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../generated/prisma/enums.js';
import { Connection } from '../../pagination.js';
import { CacheControl, KEY_DEPENDENT } from '../../graphql/cache-hints.js';

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do. Each role includes the ones before it. Reading needs no key.',
  valuesConfig: {
    CONTRIBUTOR: { description: 'Record sources, speakers, statements, appearances and links.' },
    FACT_CHECKER: { description: 'Also record verdicts and import ClaimReviews.' },
    ADMIN: { description: 'Also manage API keys and read the audit trail.' },
  },
});

@CacheControl(KEY_DEPENDENT)
@ObjectType('ApiKey', { description: 'A key that lets a desk, tool or person write. The secret itself is never stored or shown again.' })
export class ApiKey {
  @Field(() => ID, { description: 'Opaque global ID.' })
  id!: string;

  @Field(() => String, { description: 'Who uses the key: a desk, a tool, a person.' })
  name!: string;

  @Field(() => Role, { description: 'What the key may do.' })
  role!: Role;

  @Field(() => String, { description: 'The first characters of the key, to tell keys apart.' })
  keyPrefix!: string;

  @Field(() => Date, { description: 'When the key was created.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the key was revoked; null while it works.' })
  revokedAt!: Date | null;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('CreatedApiKey', { description: 'A new key. `key` is shown this once: store it now.' })
export class CreatedApiKey {
  @Field(() => String, { description: 'The secret to send as "Authorization: Bearer <key>".' })
  key!: string;

  @Field(() => ApiKey, { description: 'The key as listed from now on.' })
  apiKey!: ApiKey;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('ApiKeyConnection', { description: 'A page of API keys.' })
export class ApiKeyConnection extends Connection(ApiKey, 'ApiKey', 'API key') {}

export { Role };
