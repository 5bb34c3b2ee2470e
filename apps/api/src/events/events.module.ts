import { Module } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import { DeliveryService, WEBHOOK_RESOLVER } from './delivery.service';
import type { Resolve } from './webhook-target';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { WorkerService } from './worker.service';

const resolveByDns: Resolve = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Outbound events (design/events-out.md): webhook subscriptions, the
 * outbox's jobs (a trigger enqueues them as entries are appended), their
 * deliveries, and the graphile-worker runner that works them.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    DeliveryService,
    WorkerService,
    { provide: WEBHOOK_RESOLVER, useValue: resolveByDns },
  ],
  exports: [WorkerService],
})
export class EventsModule {}
