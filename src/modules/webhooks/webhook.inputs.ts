import { Field, ID, InputType } from 'type-graphql';
import { EventType } from '../../generated/prisma/enums.js';

@InputType('CreateWebhookInput', { description: 'A new webhook endpoint.' })
export class CreateWebhookInput {
  @Field(() => String, { description: 'The http(s) URL to POST events to. Private and loopback addresses are refused.' })
  url!: string;

  @Field(() => [EventType], { description: 'The events to send (at least one).' })
  events!: EventType[];

  @Field(() => String, { nullable: true, description: 'The signing secret (16 to 200 characters); generated when omitted.' })
  secret?: string | null;
}

@InputType('UpdateWebhookInput', { description: 'Changes to a webhook; omitted fields stay as they are.' })
export class UpdateWebhookInput {
  @Field(() => ID, { description: 'The webhook.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'A new URL.' })
  url?: string | null;

  @Field(() => [EventType], { nullable: true, description: 'The events to send from now on.' })
  events?: EventType[] | null;

  @Field(() => Boolean, { nullable: true, description: 'false disables it; true enables it again (its failure count starts over).' })
  enabled?: boolean | null;
}
