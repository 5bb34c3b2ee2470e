import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { CATALOG, CATALOG_2 } from '@mapflow/workflow';

/** What a subscription may ask for: `*`, `opportunity.created`, or an event type of either machine version. */
export const WEBHOOK_EVENTS: readonly string[] = [
  '*',
  'opportunity.created',
  ...new Set([...CATALOG.eventTypes, ...CATALOG_2.eventTypes]),
];

export class CreateWebhookDto {
  /**
   * Where deliveries are POSTed: https (plain http only to loopback when configuration allows it). A host
   * that resolves to a private, loopback or link-local address is refused, now and at each delivery.
   * @example "https://crm.example.com/hooks/mapflow"
   */
  @IsString()
  @MaxLength(2000)
  url!: string;

  /**
   * Event types to receive (`opportunity.created` for a creation), or `["*"]` for all.
   * @example ["opportunity.created", "ADVANCE", "DECIDE_WAVE"]
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsIn(WEBHOOK_EVENTS, {
    each: true,
    message: 'each value in events must be "*", "opportunity.created" or an event type',
  })
  events!: string[];
}

export class WebhookDto {
  /** @example "0b9d6f1e-2c3a-4d5b-8e7f-1a2b3c4d5e6f" */
  id!: string;
  /** @example "https://crm.example.com/hooks/mapflow" */
  url!: string;
  /** @example ["*"] */
  events!: string[];
  /** @example "2026-12-05T09:00:00.000Z" */
  createdAt!: string;
  /** Since when deliveries fail (null while they succeed). @example "2026-12-05T09:10:00.000Z" */
  failingSince!: string | null;
  /** When it was disabled after 3 days of failures (null while live). @example "2026-12-08T09:10:00.000Z" */
  disabledAt!: string | null;
}

export class WebhookSecretDto extends WebhookDto {
  /**
   * The Standard Webhooks signing secret, shown this once. Verify `webhook-signature` with it.
   * @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
   */
  secret!: string;
}

export class DeliveryDto {
  /** `<opportunityId>:<seq>`, the `webhook-id` the receiver saw. @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10:3" */
  id!: string;
  /** @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10" */
  opportunityId!: string;
  /** @example 3 */
  seq!: number;
  /** pending (waiting or retrying), delivered, or dead (24 hours of failures). @example "delivered" */
  status!: string;
  /** @example 1 */
  attempts!: number;
  /** @example "2026-12-05T09:00:01.000Z" */
  lastAttemptAt!: string | null;
  /** The receiver's HTTP status at the last attempt. @example 204 */
  lastStatus!: number | null;
  /** Why the last attempt failed, when it did (null when it did not). @example "no answer within 5000 ms" */
  lastError!: string | null;
  /** @example "2026-12-05T09:00:01.000Z" */
  deliveredAt!: string | null;
}

export class DeliveryListDto {
  items!: DeliveryDto[];
}

export class WebhookListDto {
  items!: WebhookDto[];
}
