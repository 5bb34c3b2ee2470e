import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { html, Page } from './page';
import { viewerOf } from './viewer';
import { ClaimsQueueView } from './views/ops';

/** The ops pages: claims queue (and, as they land, reports, audit, orgs). */
@Injectable()
export class OpsPages {
  constructor(private readonly reads: OpportunityReadsService) {}

  async claims(request: FastifyRequest): Promise<Page> {
    return html(ClaimsQueueView({ viewer: viewerOf(request), queue: await this.reads.claimsQueue() }));
  }
}
