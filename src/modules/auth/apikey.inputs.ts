import { Field, InputType } from 'type-graphql';
import { Role } from './apikey.type.js';

@InputType('CreateApiKeyInput', { description: 'A new API key.' })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'Who will use it (1 to 200 characters): "Night desk", "CMS plugin".' })
  name!: string;

  @Field(() => Role, { description: 'What it may do.' })
  role!: Role;
}
