import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { DECIDING_PHASES, decisionsWaiting } from '../opportunities/waiting';
import { type Mailer, MAILER } from './mailer';
import { type NewNotice, NoticesRepository } from './notices.repository';
import { PeriodicJobs } from './periodic-jobs';

/** Changes this close before the last pass are looked at again (a commit can land after its own timestamp). */
const OVERLAP_MS = 60_000;
/** A notice not sent after this many attempts is given up (`failed`). */
const GIVE_UP_AFTER = 10;
/** Notices sent per pass. */
const SEND_BATCH = 200;

/** A subscription this notifier tells its org about, as it was disabled. */
export interface DisabledSubscription {
  id: string;
  orgId: string;
  url: string;
}

/**
 * E-mail when someone must act (design/events-out.md): a pass, run by the
 * worker every MAPFLOW_NOTIFY_INTERVAL_SECONDS when SMTP is configured, finds
 * what changed since the last one and adds a notice for each decision that now
 * waits for a customer, and for each partner's fund request whose claim is due
 * within 14 days; then it sends what is pending, each to the org's people.
 * A notice is keyed by what it tells, so it is sent once (at least once: a
 * crash between sending and recording sends it again).
 */
@Injectable()
export class NoticesService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Notices');

  constructor(
    private readonly notices: NoticesRepository,
    private readonly reads: OpportunityReadsService,
    private readonly periodic: PeriodicJobs,
    @Inject(MAILER) private readonly mailer: Mailer | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With SMTP configured, a pass every MAPFLOW_NOTIFY_INTERVAL_SECONDS (a periodic worker job). */
  onModuleInit(): void {
    if (this.mailer === null) return;
    this.periodic.every('notify', this.config.notifyIntervalSeconds * 1_000, async () => {
      await this.pass();
    });
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  /**
   * One pass; `at` is the time the due dates are read at (now; a test moves
   * it). Answers the notices sent, or null when another pass was running.
   */
  pass(at: Date = new Date()): Promise<number | null> {
    return this.notices.exclusively(async () => {
      const { now, seenUntil } = await this.notices.place();
      const changed = await this.decisions(new Date(seenUntil.getTime() - OVERLAP_MS), at);
      await this.notices.add([...changed.notices, ...(await this.claimsDue(at))]);
      // More changes than a pass takes: the next pass goes on from the last one taken.
      await this.notices.movePlace(changed.until === null ? now : new Date(changed.until.getTime() + OVERLAP_MS));
      return this.sendPending();
    });
  }

  /** The notice of a webhook subscription disabled after 3 days of failures (sent by the next pass). */
  async webhookDisabled(s: DisabledSubscription): Promise<void> {
    await this.notices.add([
      {
        key: `webhook-disabled:${s.id}:${new Date().toISOString()}`,
        kind: 'webhook_disabled',
        orgId: s.orgId,
        opportunityId: null,
        subject: 'A webhook subscription was disabled',
        body: [
          `Deliveries to ${s.url} have failed for 3 days, so mapflow has disabled the subscription ${s.id}.`,
          `Its delivery log shows each attempt: GET ${this.config.publicUrl}/v1/webhooks/${s.id}/deliveries`,
          'Mend the receiver, then subscribe again and redeliver what it missed.',
        ].join('\n\n'),
      },
    ]);
  }

  /** The notice of an offer made to a partner (in the offer's transaction: no offer, no notice). */
  async offerMade(
    tx: EntityManager,
    o: { offerId: string; partnerOrgId: string; companyName: string; platform: string; deadlineAt: Date },
  ): Promise<void> {
    await this.notices.add(
      [
        {
          key: `offer:${o.offerId}`,
          kind: 'offer',
          orgId: o.partnerOrgId,
          opportunityId: null,
          subject: `An inquiry is offered to you: ${o.companyName}, from ${o.platform}`,
          body: [
            `mapflow offers you the inquiry of ${o.companyName}, migrating from ${o.platform}.`,
            `Accept or decline it by ${o.deadlineAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; after that it goes to the next candidate.`,
            `Your open offers: ${this.config.publicUrl}/app/offers (or GET ${this.config.publicUrl}/v1/offers).`,
          ].join('\n\n'),
        },
      ],
      tx,
    );
  }

  /** Each decision waiting for a customer on an opportunity changed since `since`. */
  private async decisions(since: Date, at: Date): Promise<{ notices: NewNotice[]; until: Date | null }> {
    const { items, until } = await this.reads.changedSince(since, DECIDING_PHASES, at);
    const notices = items.flatMap(({ view, customerOrgId }) =>
      decisionsWaiting(view).map((d) => {
        const link = `${this.config.publicUrl}/app/opportunities/${view.id}/${d.path}`;
        return {
          key: `decision:${view.id}:${d.key}`,
          kind: 'decision' as const,
          orgId: customerOrgId,
          opportunityId: view.id,
          subject: `${d.what}: ${view.title}`,
          body: [
            `A decision waits for you on "${view.title}": ${d.what}.`,
            `Open it in mapflow: ${link}`,
            'Your inbox lists everything that waits for you.',
          ].join('\n\n'),
        };
      }),
    );
    return { notices, until };
  }

  /** Each open fund request whose claim is due within 14 days of `at`, for its partner. */
  private async claimsDue(at: Date): Promise<NewNotice[]> {
    return (await this.reads.claimsQueue(at)).dueSoon.map((line) => ({
      key: `claim-due:${line.opportunityId}:${line.tranche}:${line.requestName}:${line.claimDueDate}`,
      kind: 'claim_due' as const,
      orgId: line.partnerOrgId,
      opportunityId: line.opportunityId,
      subject: `Claim due by ${line.claimDueDate}: ${line.requestName} (${line.title})`,
      body: [
        `The fund request ${line.requestName} of "${line.title}" (${line.tranche}) has its claims due by ${line.claimDueDate}, 14 days or less from now.`,
        'A request still open at its due date with no submitted claim expires, and its funding with it.',
        `Open it in mapflow: ${this.config.publicUrl}/app/opportunities/${line.opportunityId}`,
      ].join('\n\n'),
    }));
  }

  /** Sends the pending notices, each to every person of its org; a failure is tried again next pass. */
  private async sendPending(): Promise<number> {
    const mailer = this.mailer;
    if (mailer === null) return 0;
    let sent = 0;
    for (const notice of await this.notices.pending(SEND_BATCH)) {
      const people = await this.notices.recipients(notice.orgId);
      try {
        for (const person of people)
          await mailer.send({ to: person.email, subject: notice.subject, text: `${person.name},\n\n${notice.body}\n` });
        await this.notices.markSent(notice.key, people.length);
        sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.log.warn(`e-mail not sent (attempt ${notice.attempts + 1}): ${message}`);
        await this.notices.markFailed(notice.key, message, GIVE_UP_AFTER);
      }
    }
    return sent;
  }
}
