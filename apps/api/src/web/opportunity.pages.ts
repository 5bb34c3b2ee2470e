import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  type AnyOpportunityView,
  CLAIM_CHECKLISTS,
  CLAIM_FACT_WORDS,
  FUNDING_POLICY_2027,
  PHASES,
  type Tranche,
} from '@mapflow/workflow';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { checkedEventBodyOr400 } from '../opportunities/event-body';
import { etagOf, parseIfMatch } from '../opportunities/if-match';
import { OpportunityCommandsService } from '../opportunities/opportunity-commands.service';
import { OpportunityDiagramService } from '../opportunities/opportunity-diagram.service';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { decisionsWaiting } from '../opportunities/waiting';
import { eventWords } from './entry-words';
import { html, Page } from './page';
import { refusalOf } from './refusal';
import { callerOf, field, viewerOf } from './viewer';
import {
  BusinessCaseView,
  ClaimView,
  CreditsView,
  InboxItem,
  InboxView,
  OwnOpportunity,
  WaveView,
} from './views/customer';
import { BoardCard, BoardView, OpportunityView } from './views/partner';
import type { Viewer } from './views/layout';
import type { Notice } from './views/parts';
import { when } from './views/parts';

/** Cards on one page of the board. */
const BOARD_PAGE = 50;

/** The fields a form sends that are not the event's own. */
const FORM_FIELDS = new Set(['_csrf', 'version']);

/** How a claim's milestone reads, for its tranche on the opportunity's machine version. */
function milestoneWords(o: AnyOpportunityView, tranche: Tranche): string {
  const facts =
    o.machineVersion === '2' && tranche in FUNDING_POLICY_2027.claims
      ? FUNDING_POLICY_2027.claims[tranche as keyof typeof FUNDING_POLICY_2027.claims].milestone.value.facts
      : CLAIM_CHECKLISTS[tranche];
  return facts.map((f) => CLAIM_FACT_WORDS[f]).join('; ');
}

/** Form fields as an event body: `evidence.uri` becomes `{ evidence: { uri } }` (one level, as the events need). */
function nest(fields: [string, unknown][]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    const [outer, inner, ...rest] = key.split('.');
    if (outer === undefined || rest.length > 0) continue;
    if (inner === undefined) body[outer] = value;
    else {
      const held = body[outer];
      body[outer] = { ...(typeof held === 'object' && held !== null ? held : {}), [inner]: value };
    }
  }
  return body;
}

/**
 * The opportunity pages of each role, from the same services as the API:
 * reads through OpportunityReadsService, every change through
 * OpportunityCommandsService.send with the form's version as `If-Match`.
 */
@Injectable()
export class OpportunityPages {
  constructor(
    private readonly reads: OpportunityReadsService,
    private readonly commands: OpportunityCommandsService,
    private readonly audit: AuditService,
    private readonly diagrams: OpportunityDiagramService,
  ) {}

  /** The partner's board: its opportunities by phase, with gate progress, overdue flags and the next due date. */
  /**
   * The board: how many opportunities are in each phase, and one phase's
   * cards (the first phase that has some, unless asked), a page at a time, so the
   * page costs the same at 10 opportunities as at 10,000.
   */
  async board(request: FastifyRequest<{ Querystring: Record<string, unknown> }>): Promise<Page> {
    const caller = callerOf(request);
    const counts = await this.reads.phaseCounts(caller);
    const phase = PHASES.find((p) => p === request.query.phase && counts.has(p)) ?? PHASES.find((p) => counts.has(p));
    const cursor = typeof request.query.cursor === 'string' ? request.query.cursor : undefined;
    const page =
      phase === undefined
        ? { items: [], nextCursor: null }
        : await this.reads.viewsPage(caller, { phase, cursor, limit: BOARD_PAGE });
    const cards: BoardCard[] = page.items.map((o) => {
      const items = o.checklist.filter((c) => c.phase === o.phase);
      const dues = o.fundRequests
        .filter((fr) => !['completed', 'terminated', 'rejected'].includes(fr.stage))
        .map((fr) => fr.claimDueDate)
        .sort();
      return {
        id: o.id,
        title: o.title,
        phase: o.phase,
        done: items.filter((c) => c.done).length,
        total: items.length,
        overdue: o.overdue,
        nextDue: dues[0] ?? null,
      };
    });
    const phases = PHASES.filter((p) => counts.has(p)).map((p) => ({ phase: p, count: counts.get(p) ?? 0 }));
    return html(
      BoardView({ viewer: viewerOf(request), phases, phase: phase ?? null, cards, nextCursor: page.nextCursor }),
    );
  }

  /** An opportunity's page: phase, diagram, the gate with what is missing, checklist, waves, fund requests, findings. */
  async opportunity(request: FastifyRequest, id: string, notice?: Notice): Promise<Page> {
    const caller = callerOf(request);
    const [read, found] = await Promise.all([this.reads.read(caller, id), this.reads.findings(caller, id)]);
    return html(
      OpportunityView({ viewer: viewerOf(request), o: read.body, findings: found.findings, notice }),
      notice?.status,
    );
  }

  /** The partner's events from the opportunity page (ADVANCE, a checklist item with its evidence). */
  partnerEvent(request: FastifyRequest, id: string): Promise<Page> {
    return this.act(request, id, `/app/opportunities/${id}`, (notice) => this.opportunity(request, id, notice));
  }

  /** The lifecycle diagram as SVG, for the opportunity page's image. */
  async diagram(request: FastifyRequest, id: string): Promise<{ svg: string }> {
    return { svg: (await this.diagrams.render(callerOf(request), id, 'svg')).text };
  }

  /** The customer's inbox: business cases to approve, waves awaiting go / no-go, claims to sign off; oldest first. */
  async inbox(request: FastifyRequest): Promise<Page> {
    const items: InboxItem[] = [];
    const opportunities: OwnOpportunity[] = [];
    for await (const o of this.reads.views(callerOf(request))) {
      opportunities.push({ id: o.id, title: o.title, phase: o.phase, credits: 'credits' in o });
      for (const d of decisionsWaiting(o))
        items.push({
          since: d.since,
          kind: d.kind,
          what: d.what,
          opportunity: o.title,
          href: `/app/opportunities/${o.id}/${d.path}`,
        });
    }
    items.sort((a, b) => a.since.localeCompare(b.since));
    return html(InboxView({ viewer: viewerOf(request), items, opportunities }));
  }

  /** The MAP credits ledger; an opportunity on machine version 1 has none (404, saying so). */
  async credits(request: FastifyRequest, id: string): Promise<Page> {
    const o = (await this.reads.read(callerOf(request), id)).body;
    if (!('credits' in o))
      throw new AppError(ErrorCode.NotFound, 'This opportunity runs machine version 1, which keeps no credits ledger.');
    return html(CreditsView({ viewer: viewerOf(request), o }));
  }

  async businessCase(request: FastifyRequest, id: string, notice?: Notice): Promise<Page> {
    const o = (await this.reads.read(callerOf(request), id)).body;
    return html(BusinessCaseView({ viewer: viewerOf(request), o, notice }), notice?.status);
  }

  decideBusinessCase(request: FastifyRequest, id: string): Promise<Page> {
    return this.act(request, id, `/app/opportunities/${id}/business-case`, (notice) =>
      this.businessCase(request, id, notice),
    );
  }

  async wave(request: FastifyRequest, id: string, waveId: string, notice?: Notice): Promise<Page> {
    const o = (await this.reads.read(callerOf(request), id)).body;
    const wave = o.waves.find((w) => w.waveId === waveId);
    if (wave === undefined) throw new AppError(ErrorCode.NotFound, `No wave ${waveId}`);
    const earlier = await this.decisionsOn(callerOf(request), id, waveId);
    return html(WaveView({ viewer: viewerOf(request), o, wave, earlier, notice }), notice?.status);
  }

  decideWave(request: FastifyRequest, id: string, waveId: string): Promise<Page> {
    return this.act(
      request,
      id,
      `/app/opportunities/${id}/waves/${waveId}`,
      (notice) => this.wave(request, id, waveId, notice),
      { waveId },
    );
  }

  async claim(request: FastifyRequest, id: string, tranche: string, claimId: string, notice?: Notice): Promise<Page> {
    const o = (await this.reads.read(callerOf(request), id)).body;
    const fr = o.fundRequests.find((r) => r.tranche === tranche && r.claims.some((c) => c.claimId === claimId));
    const claim = fr?.claims.find((c) => c.claimId === claimId);
    if (fr === undefined || claim === undefined) throw new AppError(ErrorCode.NotFound, `No claim ${claimId}`);
    const viewer: Viewer = viewerOf(request);
    return html(
      ClaimView({ viewer, o, tranche: fr.tranche, claim, milestone: milestoneWords(o, fr.tranche), notice }),
      notice?.status,
    );
  }

  signOffClaim(request: FastifyRequest, id: string, tranche: string, claimId: string): Promise<Page> {
    return this.act(
      request,
      id,
      `/app/opportunities/${id}/claims/${tranche}/${claimId}`,
      (notice) => this.claim(request, id, tranche, claimId, notice),
      { tranche, claimId },
    );
  }

  /**
   * Sends the event a form describes (its fields, less the CSRF token and the
   * version, plus what the URL names), with the version it was rendered from
   * as `If-Match`. Accepted: back to `back` (303). Refused: the page again with
   * the reasons; stale (412): with what changed since, at the current version.
   */
  private async act(
    request: FastifyRequest,
    id: string,
    back: string,
    again: (notice: Notice) => Promise<Page>,
    fromUrl: Record<string, string> = {},
  ): Promise<Page> {
    const caller = callerOf(request);
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const version = Number(field(form, 'version'));
    try {
      if (!Number.isSafeInteger(version) || version < 1) {
        throw new AppError(
          ErrorCode.PreconditionRequired,
          'The form lost the version it was shown at: open the page again.',
        );
      }
      const body = nest(Object.entries({ ...form, ...fromUrl }).filter(([k, v]) => !FORM_FIELDS.has(k) && v !== ''));
      await this.commands.send(caller, id, parseIfMatch(etagOf(version)), await checkedEventBodyOr400(body));
      return { redirect: back };
    } catch (error: unknown) {
      const { code, status, messages } = refusalOf(error);
      const changes = code === ErrorCode.PreconditionFailed ? await this.changesSince(caller, id, version) : [];
      return again({ status, messages, changes });
    }
  }

  /** Every go / no-go the customer gave on a wave (a re-plan clears the wave's own), from the audit log, in words. */
  private async decisionsOn(caller: Caller, id: string, waveId: string): Promise<string[]> {
    const decisions: string[] = [];
    let afterSeq: number | null = 0;
    while (afterSeq !== null) {
      const page = await this.audit.page(caller, id, { afterSeq, limit: 1000 });
      for (const { entry } of page.items) {
        const e = entry.event;
        if (e.type !== 'DECIDE_WAVE' || e.waveId !== waveId) continue;
        const reason = typeof e.reason === 'string' ? `: ${e.reason}` : '';
        decisions.push(`${e.decision === 'go' ? 'Go' : 'No-go'} on ${when(entry.recordedAt)}${reason}`);
      }
      afterSeq = page.nextAfterSeq;
    }
    return decisions;
  }

  /** The read of every opportunity the caller may see (in `phases`, when given), a list page at a time. */

  /** What was recorded on the opportunity after `version`, in words, oldest first. */
  private async changesSince(caller: Caller, id: string, version: number): Promise<string[]> {
    const page = await this.audit.page(caller, id, { afterSeq: version, limit: 20 });
    return page.items.map(
      ({ entry }) => `${when(entry.recordedAt)}: the ${entry.actor.role} recorded ${eventWords(entry)}`,
    );
  }
}
