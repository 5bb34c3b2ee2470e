import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { validDtoOr400 } from '../common/validation';
import { DeclineOfferDto } from '../routing/dto/routing.dto';
import { InquiriesService } from '../routing/inquiries.service';
import { OffersService } from '../routing/offers.service';
import { html, Page } from './page';
import { refusalOf } from './refusal';
import { callerOf, field, viewerOf } from './viewer';
import { InquiriesView, InquiryView, OffersView } from './views/routing';

/** Routing in the web app: ops' inquiries and their offers; a partner's open offers (design/routing.md). */
@Injectable()
export class RoutingPages {
  constructor(
    private readonly inquiries: InquiriesService,
    private readonly offers: OffersService,
  ) {}

  async list(request: FastifyRequest): Promise<Page> {
    const [{ items }, report] = [await this.inquiries.list(), await this.inquiries.report()];
    return html(InquiriesView({ viewer: viewerOf(request), items, report }));
  }

  async inquiry(request: FastifyRequest, id: string, messages: readonly string[] = [], status = 200): Promise<Page> {
    const inquiry = await this.inquiries.read(id);
    const verdict = await this.inquiries.verify(id);
    return html(InquiryView({ viewer: viewerOf(request), inquiry, verdict, messages }), status);
  }

  /** Ops offers the inquiry to the partner the form names (or the top candidate). */
  async offer(request: FastifyRequest, id: string): Promise<Page> {
    const partner = field(request.body, 'partnerOrgId');
    try {
      await this.offers.offer(callerOf(request), id, partner === '' ? undefined : partner);
      return { redirect: `/app/inquiries/${id}` };
    } catch (error) {
      const refusal = refusalOf(error);
      return this.inquiry(request, id, refusal.messages, refusal.status);
    }
  }

  async mine(request: FastifyRequest, messages: readonly string[] = [], status = 200): Promise<Page> {
    const { items } = await this.offers.mine(callerOf(request));
    return html(OffersView({ viewer: viewerOf(request), offers: items, messages }), status);
  }

  /** Accepting opens the new opportunity's page. */
  async accept(request: FastifyRequest, id: string): Promise<Page> {
    try {
      const accepted = await this.offers.accept(callerOf(request), id);
      return { redirect: `/app/opportunities/${accepted.opportunityId}` };
    } catch (error) {
      const refusal = refusalOf(error);
      return this.mine(request, refusal.messages, refusal.status);
    }
  }

  async decline(request: FastifyRequest, id: string): Promise<Page> {
    const reason = field(request.body, 'reason');
    try {
      if (reason === '')
        return await this.mine(request, ['Say why you decline: the next partner and ops read it.'], 400);
      const checked = await validDtoOr400(DeclineOfferDto, { reason });
      await this.offers.decline(callerOf(request), id, checked.reason);
      return { redirect: '/app/offers' };
    } catch (error) {
      const refusal = refusalOf(error);
      return this.mine(request, refusal.messages, refusal.status);
    }
  }
}
