import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { WEBHOOK_RESOLVER } from './delivery.service';
import { CreateWebhookDto, DeliveryDto, WebhookDto, WebhookSecretDto } from './dto/webhook.dto';
import { type Resolve, resolveTarget, urlProblem } from './webhook-target';
import { type Delivery, type Subscription, WebhooksRepository } from './webhooks.repository';

/** After a rotation, the previous secret keeps signing this long, beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function dto(s: Subscription): WebhookDto {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    createdAt: new Date(s.createdAt).toISOString(),
    failingSince: iso(s.failingSince),
    disabledAt: iso(s.disabledAt),
  };
}

function deliveryDto(d: Delivery): DeliveryDto {
  return {
    id: `${d.opportunityId}:${d.seq}`,
    opportunityId: d.opportunityId,
    seq: d.seq,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
  };
}

const invalidUrl = (message: string): AppError =>
  new AppError(ErrorCode.Validation, message, { errors: [{ field: 'url', message }] });

/** Webhook subscriptions of the caller's org (design/events-out.md): another org's is a 404. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WEBHOOK_RESOLVER) private readonly resolve: Resolve,
  ) {}

  async create(caller: Caller, body: CreateWebhookDto): Promise<WebhookSecretDto> {
    const problem = urlProblem(body.url, this.config.webhooksAllowHttpLoopback);
    if (problem !== null) throw invalidUrl(problem);
    const target = await resolveTarget(new URL(body.url), this.resolve, this.config.webhooksAllowHttpLoopback);
    if (!target.ok) throw invalidUrl(`url refused: ${target.problem}`);
    const secret = newSecret();
    const created = await this.webhooks.insert(caller.orgId, body.url, [...new Set(body.events)], secret);
    return { ...dto(created), secret };
  }

  async list(caller: Caller): Promise<{ items: WebhookDto[] }> {
    return { items: (await this.webhooks.list(caller.orgId)).map(dto) };
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.own(caller, id);
    await this.webhooks.delete(id);
  }

  /** A new secret, shown once; the previous one signs too for 24 hours, so receivers can move over. */
  async rotate(caller: Caller, id: string): Promise<WebhookSecretDto> {
    await this.own(caller, id);
    const secret = newSecret();
    const rotated = await this.webhooks.rotate(id, secret, new Date(Date.now() + ROTATION_OVERLAP_MS));
    if (rotated === null) throw new AppError(ErrorCode.NotFound, `No webhook ${id}`);
    return { ...dto(rotated), secret };
  }

  async deliveries(caller: Caller, id: string): Promise<{ items: DeliveryDto[] }> {
    await this.own(caller, id);
    return { items: (await this.webhooks.deliveries(id, 200)).map(deliveryDto) };
  }

  /** Sends a delivery again (`<opportunityId>:<seq>`), in its place in order. */
  async redeliver(caller: Caller, id: string, deliveryId: string): Promise<void> {
    await this.own(caller, id);
    const [opportunityId = '', seq = ''] = deliveryId.split(':');
    if (!/^\d{1,9}$/.test(seq) || !(await this.webhooks.redeliver(id, opportunityId, Number(seq))))
      throw new AppError(ErrorCode.NotFound, `No delivery ${deliveryId} of webhook ${id}`);
  }

  private async own(caller: Caller, id: string): Promise<Subscription> {
    const found = await this.webhooks.find(id);
    if (found === null || found.orgId !== caller.orgId) throw new AppError(ErrorCode.NotFound, `No webhook ${id}`);
    return found;
  }
}

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
