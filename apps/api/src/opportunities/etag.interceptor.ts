import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import type { AnyOpportunityView } from '@mapflow/workflow';
import { etagOf } from './if-match';
import type { OpportunityRead } from './opportunity-reads.service';

/** The routes related to an opportunity, as its answers link them. */
export function opportunityLinks(
  id: string,
): Record<'self' | 'events' | 'findings' | 'diagram' | 'audit' | 'verify', string> {
  return {
    self: `/v1/opportunities/${id}`,
    events: `/v1/opportunities/${id}/events`,
    findings: `/v1/opportunities/${id}/findings`,
    diagram: `/v1/opportunities/${id}/diagram`,
    audit: `/v1/opportunities/${id}/audit`,
    verify: `/v1/opportunities/${id}/audit/verify`,
  };
}

/** An opportunity as the API answers it. */
export type OpportunityAnswer = AnyOpportunityView & { links: ReturnType<typeof opportunityLinks> };

/** Answers an {@link OpportunityRead} with its body, its `links`, and `ETag: "<version>"`. */
@Injectable()
export class EtagInterceptor implements NestInterceptor<OpportunityRead, OpportunityAnswer> {
  intercept(context: ExecutionContext, next: CallHandler<OpportunityRead>): Observable<OpportunityAnswer> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((read) => {
        void reply.header('etag', etagOf(read.version));
        return { ...read.body, links: opportunityLinks(read.body.id) };
      }),
    );
  }
}
