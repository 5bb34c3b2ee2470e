import { Module } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { DeliveryService, WEBHOOK_RESOLVER } from './delivery.service';
import { MAILER, smtpMailer } from './mailer';
import { NoticesRepository } from './notices.repository';
import { NoticesService } from './notices.service';
import type { Resolve } from './webhook-target';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { PeriodicJobs } from './periodic-jobs';
import { WorkerService } from './worker.service';

const resolveByDns: Resolve = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * Outbound events (design/events-out.md): webhook subscriptions, the
 * outbox's jobs (a trigger enqueues them as entries are appended), their
 * deliveries, e-mail to people who must act, and the graphile-worker runner
 * that works them.
 */
@Module({
  imports: [OpportunitiesModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    WebhooksService,
    DeliveryService,
    NoticesRepository,
    NoticesService,
    WorkerService,
    PeriodicJobs,
    { provide: WEBHOOK_RESOLVER, useValue: resolveByDns },
    { provide: MAILER, useFactory: (config: AppConfig) => smtpMailer(config), inject: [APP_CONFIG] },
  ],
  exports: [WorkerService, NoticesService, PeriodicJobs],
})
export class EventsModule {}
