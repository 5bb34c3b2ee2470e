import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type ChainVerdict, verifyChain } from '@mapflow/audit';
import {
  companyKey,
  DAY_MS,
  type InquiryInput,
  isRepeatInquiry,
  ROUTING_POLICY,
  triageInquiry,
} from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import type {
  CreateInquiryDto,
  InquiryDetailDto,
  InquiryDto,
  PartnerProfileDto,
  PartnerProfileResponseDto,
  RoutingReportDto,
} from './dto/routing.dto';
import { actorOf, offerDto, OffersService, type RoutingActor } from './offers.service';
import { type InquiryRecord, RoutingRepository } from './routing.repository';

const HOUR_MS = 3_600_000;
/** Who sends the public form: nobody signed in. */
export const PUBLIC_ACTOR: RoutingActor = { userId: 'public-form', orgId: 'public-form', role: 'public' };

const round1 = (x: number): number => Math.round(x * 10) / 10;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Hours from receipt to acceptance, or to `now` while not accepted. */
function slaHours(i: InquiryRecord, now: number): number {
  const end = i.acceptedAt === null ? now : new Date(i.acceptedAt).getTime();
  return (end - new Date(i.receivedAt).getTime()) / HOUR_MS;
}

/** Over the 24-hour target: accepted after it, or still open past it (a closed inquiry's clock has stopped). */
function breached(i: InquiryRecord, now: number): boolean {
  if (i.state === 'closed') return false;
  return slaHours(i, now) > ROUTING_POLICY.slaHours.value;
}

export function inquiryDto(i: InquiryRecord, merged = false, now = Date.now()): InquiryDto {
  const input = i.input;
  return {
    id: i.id,
    state: i.state,
    track: i.track,
    triage: { ...i.triage },
    closedReason: i.closedReason,
    receivedAt: new Date(i.receivedAt).toISOString(),
    acceptedAt: i.acceptedAt === null ? null : new Date(i.acceptedAt).toISOString(),
    slaHours: round1(slaHours(i, now)),
    slaBreached: breached(i, now),
    partnerOrgId: i.partnerOrgId,
    customerOrgId: i.customerOrgId,
    opportunityId: i.opportunityId,
    merged,
    input: {
      companyName: input.companyName,
      contactEmail: input.contactEmail,
      customerCountry: input.customerCountry,
      sourcePlatform: input.sourcePlatform,
      region: input.region,
      servers: input.servers,
      databases: input.databases,
      applications: input.applications,
      currentMonthlySpendCents: input.currentMonthlySpendCents,
      ...(input.projectedMonthlyAwsSpendCents == null
        ? {}
        : { projectedMonthlyAwsSpendCents: input.projectedMonthlyAwsSpendCents }),
      greenfield: input.greenfield,
      awsCompetitor: input.awsCompetitor ?? false,
      ...(input.notes == null ? {} : { notes: input.notes }),
    },
  };
}

/**
 * Inquiries (design/routing.md): received from the public form or an ops
 * key, triaged at once (its reasons kept), merged into the first when they
 * repeat it; each with its own hash chain of routing decisions. Partner
 * profiles, kept by ops. What ops sees: the SLA clock and the report.
 */
@Injectable()
export class InquiriesService {
  constructor(
    private readonly routing: RoutingRepository,
    private readonly offers: OffersService,
  ) {}

  /** Receives an inquiry: a repeat is merged into the first (answered with it, `merged`); else triaged at once. */
  async receive(dto: CreateInquiryDto, source: 'form' | 'api', actor: RoutingActor): Promise<InquiryDto> {
    const input: InquiryInput = { ...dto, awsCompetitor: dto.awsCompetitor ?? false };
    const now = new Date();
    const key = companyKey(input.companyName);
    return this.routing.transaction(async (tx) => {
      const since = new Date(now.getTime() - ROUTING_POLICY.repeatWindowDays.value * DAY_MS);
      const first = await this.routing.findRepeat(tx, key, input.contactEmail, since);
      if (
        first !== null &&
        isRepeatInquiry(
          { ...first.input, receivedAt: new Date(first.receivedAt).toISOString() },
          { ...input, receivedAt: now.toISOString() },
        )
      ) {
        await this.routing.appendEntry(tx, first.id, {
          recordedAt: now.toISOString(),
          actor,
          event: { type: 'MERGE_REPEAT', source, input: { ...input } },
          state: first.state,
        });
        return inquiryDto(first, true, now.getTime());
      }
      const triage = triageInquiry(input);
      const state = triage.track === null ? 'closed' : triage.track === 'map' ? 'triaged' : 'referred';
      const closedReason = triage.track === null ? `ineligible: ${triage.reasons.join(' ')}` : null;
      const record: InquiryRecord = {
        id: randomUUID(),
        input,
        source,
        state,
        track: triage.track,
        triage,
        closedReason,
        receivedAt: now,
        acceptedAt: null,
        partnerOrgId: null,
        customerOrgId: null,
        opportunityId: null,
        version: 0,
        chainHead: '',
      };
      await this.routing.insertInquiry(tx, record, key);
      const at = now.toISOString();
      await this.routing.appendEntry(tx, record.id, {
        recordedAt: at,
        actor,
        event: { type: 'RECEIVE_INQUIRY', source, input: { ...input } },
        state: 'received',
      });
      const link = await this.routing.appendEntry(tx, record.id, {
        recordedAt: at,
        actor,
        event: {
          type: 'TRIAGE_INQUIRY',
          program: triage.program,
          track: triage.track,
          estimated: triage.estimated,
          reasons: triage.reasons,
        },
        state,
      });
      return inquiryDto({ ...record, version: link.seq, chainHead: link.hash }, false, now.getTime());
    });
  }

  async list(limit = 200): Promise<{ items: InquiryDto[] }> {
    await this.offers.settle(null);
    const now = Date.now();
    return { items: (await this.routing.list(limit)).map((i) => inquiryDto(i, false, now)) };
  }

  /** One inquiry for ops: its offers, and (while it can be offered) its candidates with their reasons. */
  async read(id: string): Promise<InquiryDetailDto> {
    await this.offers.settle(id);
    const inquiry = await this.routing.find(id);
    if (inquiry === null) throw new AppError(ErrorCode.NotFound, `No inquiry ${id}`);
    const offers = await this.routing.offersOf(id);
    const { candidates, excluded } = await this.offers.candidates(inquiry);
    return {
      ...inquiryDto(inquiry),
      offers: offers.map((o) => offerDto(o, inquiry)),
      candidates,
      excluded,
    };
  }

  /** The inquiry's chain of routing decisions, verified like an opportunity's (every link, then its head). */
  async verify(id: string): Promise<ChainVerdict> {
    const inquiry = await this.routing.find(id);
    if (inquiry === null) throw new AppError(ErrorCode.NotFound, `No inquiry ${id}`);
    return verifyChain(id, await this.routing.entries(id), { version: inquiry.version, headHash: inquiry.chainHead });
  }

  async entries(id: string): Promise<{ items: unknown[] }> {
    if ((await this.routing.find(id)) === null) throw new AppError(ErrorCode.NotFound, `No inquiry ${id}`);
    return { items: await this.routing.entries(id) };
  }

  /** Median time to match, share within 24 hours, breaches, acceptance per partner. */
  async report(): Promise<RoutingReportDto> {
    await this.offers.settle(null);
    const now = Date.now();
    const all = await this.routing.list(100_000);
    const matched = all.filter((i) => i.acceptedAt !== null).map((i) => slaHours(i, now));
    const partners = new Map<string, RoutingReportDto['partners'][number]>();
    for (const row of await this.routing.offerOutcomes()) {
      const p = partners.get(row.partnerOrgId) ?? {
        partnerOrgId: row.partnerOrgId,
        name: row.name,
        offers: 0,
        accepted: 0,
        declined: 0,
        lapsed: 0,
        acceptance: null,
      };
      p.offers += row.n;
      if (row.status === 'accepted' || row.status === 'declined' || row.status === 'lapsed') p[row.status] += row.n;
      const answered = p.accepted + p.declined + p.lapsed;
      p.acceptance = answered === 0 ? null : Math.round((p.accepted / answered) * 1000) / 1000;
      partners.set(row.partnerOrgId, p);
    }
    const within = matched.filter((h) => h <= ROUTING_POLICY.slaHours.value).length;
    const mid = median(matched);
    return {
      inquiries: all.length,
      matched: matched.length,
      medianHoursToMatch: mid === null ? null : round1(mid),
      shareWithin24h: matched.length === 0 ? null : Math.round((within / matched.length) * 1000) / 1000,
      breaches: all.filter((i) => breached(i, now)).length,
      partners: [...partners.values()],
    };
  }

  async putProfile(orgId: string, dto: PartnerProfileDto): Promise<PartnerProfileResponseDto> {
    await this.partnerOr404(orgId);
    await this.routing.upsertProfile(orgId, dto);
    return this.profile(orgId);
  }

  async profile(orgId: string): Promise<PartnerProfileResponseDto> {
    const p = await this.partnerOr404(orgId);
    if (p.profile === null) throw new AppError(ErrorCode.NotFound, `Partner org ${orgId} has no profile yet`);
    return {
      orgId,
      platforms: [...p.profile.platforms],
      regions: [...p.profile.regions],
      countries: [...p.profile.countries],
      migrationCompetency: p.profile.migrationCompetency,
      capacity: p.profile.capacity,
      takingWork: p.profile.takingWork,
      record: {
        closedMapOpportunities: p.record.closedMapOpportunities,
        paidClaims: p.record.paidClaims,
        openOpportunities: p.openOpportunities,
        medianResponseHours: p.record.medianResponseHours,
        byPlatform: { ...p.record.byPlatform },
      },
    };
  }

  /** An inquiry sent over the API by an ops key (the matching company's website backend holds one). */
  receiveFromApi(caller: Caller, dto: CreateInquiryDto): Promise<InquiryDto> {
    return this.receive(dto, 'api', actorOf(caller));
  }

  /** An inquiry from the public form. */
  receiveFromForm(dto: CreateInquiryDto): Promise<InquiryDto> {
    return this.receive(dto, 'form', PUBLIC_ACTOR);
  }

  /** Posts of the public form from `address` in the last hour (this one recorded after counting). */
  formPosts(address: string): Promise<number> {
    return this.routing.countFormPost(address, HOUR_MS);
  }

  private async partnerOr404(orgId: string) {
    const [p] = await this.routing.partners(orgId);
    if (p === undefined) throw new AppError(ErrorCode.NotFound, `No partner org ${orgId}`);
    return p;
  }
}
