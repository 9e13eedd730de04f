import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { toGlobalId } from '../../ids.js';
import { PageArgs } from '../../pagination.js';
import { CreateWebhookInput, UpdateWebhookInput } from './webhook.inputs.js';
import type { PublicWebhook } from './webhook.service.js';
import { CreatedWebhook, Webhook, WebhookConnection, WebhookDeliveryConnection } from './webhook.type.js';

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized('ADMIN')
  @Query(() => WebhookConnection, { description: 'Every webhook endpoint, oldest first. ADMIN only.' })
  async webhooks(@Ctx() { services, actor }: Context, @Args(() => PageArgs) page: PageArgs): Promise<WebhookConnection> {
    return new WebhookConnection(await services.webhooks.list(actor, page));
  }

  @Authorized('ADMIN')
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first. ADMIN only." })
  async webhookDeliveries(
    @Ctx() { services, actor }: Context,
    @Arg('webhookId', () => ID, { description: 'The endpoint.' }) webhookId: string,
    @Args(() => PageArgs) page: PageArgs,
  ): Promise<WebhookDeliveryConnection> {
    return new WebhookDeliveryConnection(await services.webhooks.deliveries(actor, webhookId, page));
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedWebhook, {
    description: 'Registers an endpoint for events, sent as signed POSTs from now on; returns its secret, shown this once. ADMIN only.',
  })
  createWebhook(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => CreateWebhookInput, { description: 'Where to send which events.' }) input: CreateWebhookInput,
  ) {
    return services.webhooks.create(actor, input);
  }

  @Authorized('ADMIN')
  @Mutation(() => Webhook, { description: 'Changes, disables or re-enables an endpoint. ADMIN only.' })
  updateWebhook(
    @Ctx() { services, actor }: Context,
    @Arg('input', () => UpdateWebhookInput, { description: 'What to change.' }) input: UpdateWebhookInput,
  ) {
    return services.webhooks.update(actor, input);
  }

  @Authorized('ADMIN')
  @Mutation(() => Webhook, { description: 'Disables an endpoint: nothing is sent until it is enabled again. ADMIN only.' })
  disableWebhook(@Ctx() { services, actor }: Context, @Arg('id', () => ID, { description: 'The endpoint.' }) id: string) {
    return services.webhooks.update(actor, { id, enabled: false });
  }

  @Authorized('ADMIN')
  @Mutation(() => Webhook, { description: 'Removes an endpoint and its deliveries; returns it as it was. ADMIN only.' })
  deleteWebhook(@Ctx() { services, actor }: Context, @Arg('id', () => ID, { description: 'The endpoint.' }) id: string) {
    return services.webhooks.remove(actor, id);
  }

  @FieldResolver(() => ID)
  id(@Root() webhook: PublicWebhook): string {
    return toGlobalId('Webhook', webhook.id);
  }
}
