import { Field, ID, InputType } from 'type-graphql';
import { AppearanceInput } from '../statement/statement.inputs.js';

@InputType('AddAppearanceInput', { description: 'Another place an existing statement was carried.' })
export class AddAppearanceInput extends AppearanceInput {
  @Field(() => ID, { description: 'The statement that appeared.' })
  statementId!: string;
}
