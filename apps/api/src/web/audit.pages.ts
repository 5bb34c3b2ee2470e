import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { isUUID } from 'class-validator';
import { AuditService } from '../audit/audit.service';
import { CheckpointsService } from '../audit/checkpoints.service';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { callerOf, viewerOf } from './viewer';
import { html, Page } from './page';
import { AuditChainView, AuditIndexView } from './views/audit';

/** Entries shown on a chain's page; the NDJSON download holds every one. */
const SHOWN = 200;

/** The ops audit pages (design/web.md "Audit"): verify a chain, take and download a checkpoint, export NDJSON. */
@Injectable()
export class AuditPages {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: CheckpointsService,
    private readonly reads: OpportunityReadsService,
  ) {}

  /** The start page; `?opportunity=` opens that chain (an id that is not one gets the form again). */
  async index(request: FastifyRequest<{ Querystring: { opportunity?: unknown } }>): Promise<Page> {
    const viewer = viewerOf(request);
    const asked = request.query.opportunity;
    if (asked === undefined) return html(AuditIndexView({ viewer }));
    const opportunity = typeof asked === 'string' ? asked.trim() : '';
    if (isUUID(opportunity)) return { redirect: `/app/audit/${opportunity}` };
    return html(
      AuditIndexView({ viewer, opportunity, messages: ['An opportunity id is a UUID, as in its page’s address.'] }),
      400,
    );
  }

  /** One chain's page; with `verify`, the verdict of a full verification on top. */
  async chain(request: FastifyRequest, id: string, verify = false): Promise<Page> {
    const caller = callerOf(request);
    const { body } = await this.reads.read(caller, id);
    const verdict = verify ? await this.audit.verify(caller, id) : undefined;
    const page = await this.audit.page(caller, id, { afterSeq: 0, limit: SHOWN });
    return html(
      AuditChainView({
        viewer: viewerOf(request),
        id,
        title: body.title,
        links: page.items,
        more: page.nextAfterSeq !== null,
        verdict,
      }),
    );
  }

  /** Every entry of the chain as NDJSON, streamed. */
  async ndjson(request: FastifyRequest, id: string): Promise<Page> {
    const lines = await this.audit.lines(callerOf(request), id);
    return { download: { type: 'application/x-ndjson', name: `audit-${id}.ndjson`, body: lines } };
  }

  /** A signed checkpoint over every chain head, as a JSON file. */
  async checkpoint(): Promise<Page> {
    const checkpoint = await this.checkpoints.create();
    const stamp = checkpoint.createdAt.replace(/[:.]/g, '-');
    return {
      download: {
        type: 'application/json',
        name: `mapflow-checkpoint-${stamp}.json`,
        body: `${JSON.stringify(checkpoint, null, 2)}\n`,
      },
    };
  }
}
