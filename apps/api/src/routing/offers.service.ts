import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AuditEntryBody } from '@mapflow/audit';
import {
  type Candidate,
  type Exclusion,
  inquiryProfile,
  matchPartners,
  PLATFORM_NAMES,
  ROUTING_POLICY,
} from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { NoticesService } from '../events/notices.service';
import { PeriodicJobs } from '../events/periodic-jobs';
import { OpportunityCommandsService } from '../opportunities/opportunity-commands.service';
import { OrgsService } from '../orgs/orgs.service';
import type { AcceptedOfferDto, OfferDto } from './dto/routing.dto';
import { type InquiryRecord, type OfferRecord, RoutingRepository } from './routing.repository';

const HOUR_MS = 3_600_000;
/** Inquiries the sweep settles per pass. */
const SWEEP_BATCH = 200;

/** Who made a routing decision: a caller, or mapflow itself (a lapse noticed, the next candidate offered). */
export type RoutingActor = AuditEntryBody['actor'];
export const SYSTEM_ACTOR: RoutingActor = { userId: 'system', orgId: 'system', role: 'system' };

export function actorOf(caller: Caller): RoutingActor {
  return { userId: caller.userId, orgId: caller.orgId, role: caller.role };
}

/** The words of an inquiry's state, for the chain's entries. */
function entry(actor: RoutingActor, state: string, event: AuditEntryBody['event'], at = new Date()): AuditEntryBody {
  return { recordedAt: at.toISOString(), actor, event, state };
}

export function offerDto(o: OfferRecord, inquiry: InquiryRecord): OfferDto {
  return {
    id: o.id,
    inquiryId: o.inquiryId,
    partnerOrgId: o.partnerOrgId,
    partnerName: o.partnerName,
    rank: o.rank,
    status: o.status,
    offeredAt: new Date(o.offeredAt).toISOString(),
    deadlineAt: new Date(o.deadlineAt).toISOString(),
    decidedAt: o.decidedAt === null ? null : new Date(o.decidedAt).toISOString(),
    reason: o.reason,
    summary: {
      companyName: inquiry.input.companyName,
      sourcePlatform: inquiry.input.sourcePlatform,
      region: inquiry.input.region,
      customerCountry: inquiry.input.customerCountry,
      servers: inquiry.input.servers,
      program: inquiry.triage.program,
    },
  };
}

/**
 * Offers of inquiries to partners (design/routing.md): to a named partner or
 * the top candidate, with a deadline; accepted (the customer org when new,
 * the link and the opportunity, in one transaction) or declined with a
 * reason; on a decline or a lapse, the next candidate. Deadlines are read
 * from stored times: a lapse is noticed by whoever reads or acts on the
 * inquiry next, and by the worker's sweep (a stored, self-rescheduling job).
 */
@Injectable()
export class OffersService implements OnModuleInit {
  private readonly log = new Logger('Routing');

  constructor(
    private readonly routing: RoutingRepository,
    private readonly orgs: OrgsService,
    private readonly commands: OpportunityCommandsService,
    private readonly notices: NoticesService,
    private readonly periodic: PeriodicJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.periodic.every('routing-sweep', this.config.routingSweepSeconds * 1_000, async () => {
      await this.settle(null);
    });
  }

  /** The candidates for an inquiry now, and every other partner with why not (the ones offered before among them). */
  async candidates(
    inquiry: InquiryRecord,
    tx?: EntityManager,
  ): Promise<{ candidates: Candidate[]; excluded: Exclusion[] }> {
    if (inquiry.track === null || inquiry.state === 'accepted' || inquiry.state === 'closed')
      return { candidates: [], excluded: [] };
    const offered = new Set((await this.routing.offersOf(inquiry.id, tx)).map((o) => o.partnerOrgId));
    return matchPartners(
      { ...inquiry.input, track: inquiry.track },
      await this.routing.partners(),
      offered,
      ROUTING_POLICY,
    );
  }

  /** Ops offers the inquiry to `partnerOrgId`, or to the top candidate. */
  async offer(caller: Caller, inquiryId: string, partnerOrgId: string | undefined): Promise<OfferDto> {
    await this.settle(inquiryId);
    const made = await this.routing.transaction(async (tx) => {
      const inquiry = await this.routing.find(inquiryId, tx, true);
      if (inquiry === null) throw new AppError(ErrorCode.NotFound, `No inquiry ${inquiryId}`);
      if (inquiry.state === 'offered')
        throw new AppError(
          ErrorCode.StateConflict,
          'An offer of this inquiry is open: wait for its answer or deadline.',
        );
      if (inquiry.track === null || inquiry.state === 'accepted' || inquiry.state === 'closed')
        throw new AppError(ErrorCode.StateConflict, `This inquiry is ${inquiry.state}: it can no longer be offered.`);
      const { candidates, excluded } = await this.candidates(inquiry, tx);
      const chosen =
        partnerOrgId === undefined ? candidates[0] : (candidates.find((c) => c.orgId === partnerOrgId) ?? null);
      if (chosen === undefined)
        throw new AppError(
          ErrorCode.StateConflict,
          'No partner can take this inquiry now: see its candidates and why each partner is not one.',
        );
      if (chosen === null) {
        const why = excluded.find((e) => e.orgId === partnerOrgId);
        if (why === undefined) throw new AppError(ErrorCode.NotFound, `No partner org ${String(partnerOrgId)}`);
        throw new AppError(
          ErrorCode.StateConflict,
          `${why.name} cannot take this inquiry: it ${why.reasons.join('; it ')}.`,
        );
      }
      return this.offerTo(tx, inquiry, chosen, actorOf(caller));
    });
    return made;
  }

  /** A partner's open offers, oldest first (lapsed ones noticed first). */
  async mine(caller: Caller): Promise<{ items: OfferDto[] }> {
    for (const o of await this.routing.offersToPartner(caller.orgId, 'open')) await this.settle(o.inquiryId);
    const open = await this.routing.offersToPartner(caller.orgId, 'open');
    return { items: open.map((o) => offerDto(o, o.inquiry)) };
  }

  /** The partner declines its offer, with a reason; the next candidate is offered. */
  async decline(caller: Caller, offerId: string, reason: string): Promise<OfferDto> {
    const first = await this.ownOffer(caller, offerId);
    await this.settle(first.inquiryId);
    return this.routing.transaction(async (tx) => {
      const { offer, inquiry } = await this.openOffer(tx, caller, offerId);
      const now = new Date();
      await this.routing.decideOffer(tx, offer.id, 'declined', now, reason);
      await this.routing.appendEntry(
        tx,
        inquiry.id,
        entry(actorOf(caller), 'declined', { type: 'DECLINE_OFFER', offerId, partnerOrgId: caller.orgId, reason }, now),
      );
      await this.offerNext(tx, inquiry);
      return offerDto({ ...offer, status: 'declined', decidedAt: now, reason }, inquiry);
    });
  }

  /**
   * The partner accepts its offer: in one transaction, the customer org (made
   * when no customer org has the company's name), the partner's link to it,
   * and the opportunity with the inquiry's profile, whose first audit entry
   * names the inquiry.
   */
  async accept(caller: Caller, offerId: string): Promise<AcceptedOfferDto> {
    const first = await this.ownOffer(caller, offerId);
    await this.settle(first.inquiryId);
    return this.routing.transaction(async (tx) => {
      const { offer, inquiry } = await this.openOffer(tx, caller, offerId);
      // It may have filled up or stopped taking work since the offer: asked again, now.
      const [me] = await this.routing.partners(caller.orgId);
      if (me?.profile == null || !me.profile.takingWork || me.openOpportunities >= me.profile.capacity)
        throw new AppError(
          ErrorCode.StateConflict,
          me?.profile?.takingWork === false
            ? 'Your profile says you take no new work: ops can change it, or decline the offer.'
            : `You are at capacity (${me?.openOpportunities ?? 0} of ${me?.profile?.capacity ?? 0} opportunities open): decline the offer, or ask ops to raise it.`,
        );
      const now = new Date();
      const { customer, created } = await this.orgs.customerForInquiry(
        tx,
        inquiry.input.companyName,
        caller.orgId,
        caller.userId,
      );
      const platform = PLATFORM_NAMES[inquiry.input.sourcePlatform];
      const opportunity = await this.commands.create(
        caller,
        {
          title: `${inquiry.input.companyName}: from ${platform} to AWS`.slice(0, 300),
          customerOrgId: customer.id,
          profile: inquiryProfile(inquiry.input),
        },
        undefined,
        { tx, inquiryId: inquiry.id },
      );
      await this.routing.decideOffer(tx, offer.id, 'accepted', now, null);
      await this.routing.setState(tx, inquiry.id, 'accepted', {
        accepted: {
          partnerOrgId: caller.orgId,
          customerOrgId: customer.id,
          opportunityId: opportunity.body.id,
          at: now,
        },
      });
      await this.routing.appendEntry(
        tx,
        inquiry.id,
        entry(
          actorOf(caller),
          'accepted',
          {
            type: 'ACCEPT_OFFER',
            offerId,
            partnerOrgId: caller.orgId,
            customerOrgId: customer.id,
            customerCreated: created,
            opportunityId: opportunity.body.id,
          },
          now,
        ),
      );
      return {
        offer: offerDto({ ...offer, status: 'accepted', decidedAt: now }, inquiry),
        customerOrgId: customer.id,
        customerCreated: created,
        opportunityId: opportunity.body.id,
        // The partner writes to the company now (the thank-you page promised it).
        contact: { companyName: inquiry.input.companyName, contactEmail: inquiry.input.contactEmail },
      };
    });
  }

  /**
   * Notices lapsed offers (of one inquiry, or of every inquiry: the sweep):
   * each open offer past its deadline lapses, and the next candidate is
   * offered (or, with none left, the inquiry is closed). Answers how many
   * inquiries moved.
   */
  async settle(inquiryId: string | null, now = new Date()): Promise<number> {
    const due = await this.routing.lapsed(now, inquiryId, SWEEP_BATCH);
    for (const id of due) {
      await this.routing.transaction(async (tx) => {
        const inquiry = await this.routing.find(id, tx, true);
        if (inquiry === null) return;
        for (const offer of await this.routing.offersOf(id, tx)) {
          if (offer.status !== 'open' || new Date(offer.deadlineAt).getTime() > now.getTime()) continue;
          await this.routing.decideOffer(tx, offer.id, 'lapsed', now, null);
          await this.routing.appendEntry(
            tx,
            id,
            entry(
              SYSTEM_ACTOR,
              'lapsed',
              {
                type: 'LAPSE_OFFER',
                offerId: offer.id,
                partnerOrgId: offer.partnerOrgId,
                deadlineAt: new Date(offer.deadlineAt).toISOString(),
              },
              now,
            ),
          );
          this.log.log(`offer ${offer.id} of inquiry ${id} lapsed; offering the next candidate`);
          await this.offerNext(tx, inquiry);
        }
      });
    }
    return due.length;
  }

  /** After a decline or a lapse: the next candidate, or the inquiry closed when none is left. */
  private async offerNext(tx: EntityManager, inquiry: InquiryRecord): Promise<void> {
    const back = inquiry.track === 'map' ? 'triaged' : 'referred';
    await this.routing.setState(tx, inquiry.id, back);
    const current = { ...inquiry, state: back } as const;
    const next = (await this.candidates(current, tx)).candidates[0];
    if (next !== undefined) {
      await this.offerTo(tx, current, next, SYSTEM_ACTOR);
      return;
    }
    const reason = 'nobody accepted: no eligible partner is left to offer it to';
    await this.routing.setState(tx, inquiry.id, 'closed', { closedReason: reason });
    await this.routing.appendEntry(tx, inquiry.id, entry(SYSTEM_ACTOR, 'closed', { type: 'CLOSE_INQUIRY', reason }));
  }

  private async offerTo(
    tx: EntityManager,
    inquiry: InquiryRecord,
    chosen: Candidate,
    actor: RoutingActor,
  ): Promise<OfferDto> {
    const now = new Date();
    const offers = await this.routing.offersOf(inquiry.id, tx);
    const offer = {
      id: randomUUID(),
      inquiryId: inquiry.id,
      partnerOrgId: chosen.orgId,
      rank: offers.length + 1,
      offeredAt: now,
      deadlineAt: new Date(now.getTime() + ROUTING_POLICY.offerHours.value * HOUR_MS),
    };
    await this.routing.insertOffer(tx, offer);
    await this.routing.setState(tx, inquiry.id, 'offered');
    await this.routing.appendEntry(
      tx,
      inquiry.id,
      entry(
        actor,
        'offered',
        {
          type: 'OFFER',
          offerId: offer.id,
          partnerOrgId: chosen.orgId,
          rank: offer.rank,
          deadlineAt: offer.deadlineAt.toISOString(),
          score: chosen.score,
          reasons: chosen.reasons,
        },
        now,
      ),
    );
    await this.notices.offerMade(tx, {
      offerId: offer.id,
      partnerOrgId: chosen.orgId,
      companyName: inquiry.input.companyName,
      platform: PLATFORM_NAMES[inquiry.input.sourcePlatform],
      deadlineAt: offer.deadlineAt,
    });
    return offerDto({ ...offer, partnerName: chosen.name, status: 'open', decidedAt: null, reason: null }, inquiry);
  }

  /** The caller's own offer (another partner's is a 404, like any object it may not see). */
  private async ownOffer(caller: Caller, offerId: string): Promise<OfferRecord> {
    const offer = await this.routing.offer(offerId);
    if (offer === null || offer.partnerOrgId !== caller.orgId)
      throw new AppError(ErrorCode.NotFound, `No offer ${offerId}`);
    return offer;
  }

  /** The caller's offer and its inquiry, locked; 409 unless it is open. */
  private async openOffer(
    tx: EntityManager,
    caller: Caller,
    offerId: string,
  ): Promise<{ offer: OfferRecord; inquiry: InquiryRecord }> {
    const offer = await this.ownOffer(caller, offerId);
    const inquiry = await this.routing.find(offer.inquiryId, tx, true);
    const locked = await this.routing.offer(offerId, tx, true);
    if (inquiry === null || locked === null) throw new AppError(ErrorCode.NotFound, `No offer ${offerId}`);
    if (locked.status !== 'open')
      throw new AppError(ErrorCode.StateConflict, `This offer was ${locked.status}: it can no longer be answered.`);
    if (new Date(locked.deadlineAt).getTime() <= Date.now())
      throw new AppError(ErrorCode.StateConflict, 'This offer has lapsed: its deadline has passed.');
    return { offer: locked, inquiry };
  }
}
