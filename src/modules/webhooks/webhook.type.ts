import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DeliveryStatus, EventType } from '../../generated/prisma/enums.js';
import { Connection } from '../../pagination.js';
import { CacheControl, KEY_DEPENDENT } from '../../graphql/cache-hints.js';

registerEnumType(EventType, {
  name: 'EventType',
  description: 'What changed: the events webhooks receive.',
  valuesConfig: {
    STATEMENT_CREATED: { description: 'A statement was recorded.' },
    STATEMENT_UPDATED: { description: "A statement's text, quote, speaker, date or language changed." },
    VERDICT_SET: { description: 'A verdict was recorded.' },
    LINK_CREATED: { description: 'Two statements were linked.' },
    LINK_REMOVED: { description: 'A link was removed.' },
    CANDIDATES_EXTRACTED: { description: 'An article was ingested and its candidate statements extracted.' },
    REVIEW_REOPENED: { description: "A finding past its review date met new reach (an appearance, a repeat) and the statement went back to IN_REVIEW." },
    EVIDENCE_ROTTED: { description: "A check of the current verdict's evidence found it GONE, CHANGED or MOVED, where the check before it had found otherwise." },
  },
});

registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'Where a webhook delivery stands.',
  valuesConfig: {
    PENDING: { description: 'Not yet accepted by the endpoint: waiting for its first attempt or a retry.' },
    DELIVERED: { description: 'The endpoint answered with a 2xx status.' },
  },
});

@CacheControl(KEY_DEPENDENT)
@ObjectType('Webhook', { description: 'An endpoint that receives events as signed HTTP POSTs. ADMIN only.' })
export class Webhook {
  @Field(() => ID, { description: 'Opaque ID.' })
  id!: string;

  @Field(() => String, { description: 'Where events are POSTed.' })
  url!: string;

  // Each event type at most once.
  @Extensions({ maxItems: Object.keys(EventType).length })
  @Field(() => [EventType], { description: 'The events it receives.' })
  events!: EventType[];

  @Field(() => Boolean, { description: 'false when disabled by hand or after too many failures in a row.' })
  enabled!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it was disabled, when it was.' })
  disabledReason!: string | null;

  @Field(() => Int, { description: 'Failed attempts since the last delivery that succeeded.' })
  consecutiveFailures!: number;

  @Field(() => Date, { description: 'When it was registered.' })
  createdAt!: Date;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('CreatedWebhook', { description: 'A registered endpoint and its signing secret, shown this once.' })
export class CreatedWebhook {
  @Field(() => Webhook, { description: 'The endpoint.' })
  webhook!: Webhook;

  @Field(() => String, { description: 'The key of the HMAC-SHA256 signature in X-Factcheck-Signature. Store it now.' })
  secret!: string;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('WebhookDelivery', { description: 'One event sent (or to be sent) to one endpoint.' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Also sent as X-Factcheck-Delivery.' })
  id!: string;

  @Field(() => ID, { description: 'The event delivered.' })
  eventId!: string;

  @Field(() => EventType, { description: 'What happened.' })
  eventType!: EventType;

  @Field(() => DeliveryStatus, { description: 'Pending or delivered.' })
  status!: DeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: "The endpoint's last HTTP status, if it answered." })
  responseStatus!: number | null;

  @Field(() => String, { nullable: true, description: "The start of the endpoint's last answer." })
  responseBody!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  lastError!: string | null;

  @Field(() => Date, { description: 'When the next attempt is due (while pending).' })
  nextAttemptAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it.' })
  deliveredAt!: Date | null;

  @Field(() => Date, { description: 'When it was queued.' })
  createdAt!: Date;
}

@CacheControl(KEY_DEPENDENT)
@ObjectType('WebhookConnection', { description: 'A page of webhooks.' })
export class WebhookConnection extends Connection(Webhook, 'Webhook', 'webhook') {}

@CacheControl(KEY_DEPENDENT)
@ObjectType('WebhookDeliveryConnection', { description: 'A page of deliveries, newest first.' })
export class WebhookDeliveryConnection extends Connection(WebhookDelivery, 'WebhookDelivery', 'delivery', 'deliveries') {}
