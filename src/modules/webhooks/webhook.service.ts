import { randomBytes } from 'node:crypto';
import { inTransaction, type DbClient } from '../../db/client.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { Webhook as WebhookRow, WebhookDelivery as DeliveryRow } from '../../generated/prisma/client.js';
import type { EventType } from '../../generated/prisma/enums.js';
import { fromGlobalId } from '../../ids.js';
import { isIdCursor, pageRequest, toPage, type Page, type PageArgs, type PageLimits } from '../../pagination.js';
import { httpUrl, optionalText } from '../../validation.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireRole, type Actor } from '../auth/actor.js';
import { resolveTarget, systemLookup, type Lookup } from './webhook.address.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './webhook.inputs.js';

export type PublicWebhook = Omit<WebhookRow, 'secret' | 'lastEventId'>;
export type PublicDelivery = Omit<DeliveryRow, 'eventId' | 'payload'> & { eventId: string };

function publicWebhook({ secret: _secret, lastEventId: _last, ...rest }: WebhookRow): PublicWebhook {
  return rest;
}

/** Webhook endpoints and their deliveries: ADMIN only. */
export class WebhookService {
  constructor(
    private readonly db: DbClient,
    private readonly limits: PageLimits,
    private readonly allowPrivate: boolean,
    private readonly lookup: Lookup = systemLookup,
  ) {}

  async create(actor: Actor | null, input: CreateWebhookInput): Promise<{ webhook: PublicWebhook; secret: string }> {
    const by = requireRole(actor, 'ADMIN');
    const url = await this.checkUrl('input.url', input.url);
    const events = checkEvents('input.events', input.events);
    const secret = optionalText('input.secret', input.secret, 200) ?? randomBytes(24).toString('base64url');
    if (secret.length < 16) throw new BadUserInputError('input.secret must be at least 16 characters', 'input.secret');
    return inTransaction(this.db, async (tx) => {
      // Events from now on: an endpoint never receives the past.
      const last = await tx.event.aggregate({ _max: { id: true } });
      const row = await tx.webhook.create({ data: { url, events, secret, lastEventId: last._max.id ?? 0n } });
      await recordAudit(tx, by, { operation: 'createWebhook', entityType: 'Webhook', entityId: row.id, after: publicWebhook(row) });
      return { webhook: publicWebhook(row), secret };
    });
  }

  async list(actor: Actor | null, page: PageArgs): Promise<Page<PublicWebhook>> {
    requireRole(actor, 'ADMIN');
    const request = pageRequest(page, this.limits, isIdCursor);
    const rows = await this.db.webhook.findMany({
      where: request.after ? { id: { gt: request.after.id } } : undefined,
      orderBy: { id: 'asc' },
      take: request.first + 1,
    });
    return toPage(rows, request, (row) => ({ id: row.id }), publicWebhook, () => this.db.webhook.count());
  }

  async update(actor: Actor | null, input: UpdateWebhookInput): Promise<PublicWebhook> {
    const by = requireRole(actor, 'ADMIN');
    const id = webhookId('input.id', input.id);
    const data: { url?: string; events?: EventType[]; enabled?: boolean; disabledReason?: string | null; consecutiveFailures?: number } = {};
    if (input.url != null) data.url = await this.checkUrl('input.url', input.url);
    if (input.events != null) data.events = checkEvents('input.events', input.events);
    if (input.enabled != null) {
      data.enabled = input.enabled;
      data.disabledReason = input.enabled ? null : 'Disabled by an administrator';
      if (input.enabled) data.consecutiveFailures = 0;
    }
    if (Object.keys(data).length === 0) throw new BadUserInputError('Give at least one field to change: url, events or enabled', 'input');
    return inTransaction(this.db, async (tx) => {
      const before = await tx.webhook.findUnique({ where: { id } });
      if (!before) throw new NotFoundError('Webhook', input.id, 'input.id');
      const after = await tx.webhook.update({ where: { id }, data });
      await recordAudit(tx, by, { operation: 'updateWebhook', entityType: 'Webhook', entityId: id, before: publicWebhook(before), after: publicWebhook(after) });
      return publicWebhook(after);
    });
  }

  async remove(actor: Actor | null, globalId: string): Promise<PublicWebhook> {
    const by = requireRole(actor, 'ADMIN');
    const id = webhookId('id', globalId);
    return inTransaction(this.db, async (tx) => {
      const before = await tx.webhook.findUnique({ where: { id } });
      if (!before) throw new NotFoundError('Webhook', globalId, 'id');
      await tx.webhook.delete({ where: { id } });
      await recordAudit(tx, by, { operation: 'deleteWebhook', entityType: 'Webhook', entityId: id, before: publicWebhook(before) });
      return publicWebhook(before);
    });
  }

  /** Newest first. */
  async deliveries(actor: Actor | null, globalId: string, page: PageArgs): Promise<Page<PublicDelivery>> {
    requireRole(actor, 'ADMIN');
    const id = webhookId('webhookId', globalId);
    const request = pageRequest(page, this.limits, isIdCursor);
    if (!(await this.db.webhook.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('Webhook', globalId, 'webhookId');
    const rows = await this.db.webhookDelivery.findMany({
      where: { webhookId: id, ...(request.after ? { id: { lt: request.after.id } } : {}) },
      orderBy: { id: 'desc' },
      take: request.first + 1,
    });
    return toPage(
      rows,
      request,
      (row) => ({ id: row.id }),
      ({ payload: _payload, ...row }) => ({ ...row, eventId: row.eventId.toString() }),
      () => this.db.webhookDelivery.count({ where: { webhookId: id } }),
    );
  }

  private async checkUrl(field: string, value: string): Promise<string> {
    const url = httpUrl(field, value);
    if (!this.allowPrivate) {
      const target = await resolveTarget(new URL(url), { allowPrivate: false, lookup: this.lookup });
      if (target.refused !== undefined) {
        throw new BadUserInputError(`${field} is refused: ${target.refused}; webhooks must point at a public internet address`, field);
      }
    }
    return url;
  }

}

function webhookId(field: string, value: string): string {
  return fromGlobalId('Webhook', value, field);
}

function checkEvents(field: string, events: EventType[]): EventType[] {
  const unique = [...new Set(events)];
  if (unique.length === 0) throw new BadUserInputError(`${field} needs at least one event type`, field);
  return unique;
}
