import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import type { PartnerLinkDto } from './dto';
import type { LinkOutcome } from './orgs.service';

/** Answers a {@link LinkOutcome} with the link: 201 when this request made it, 200 when it existed. */
@Injectable()
export class LinkStatusInterceptor implements NestInterceptor<LinkOutcome, PartnerLinkDto> {
  intercept(context: ExecutionContext, next: CallHandler<LinkOutcome>): Observable<PartnerLinkDto> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map(({ created, link }) => {
        void reply.status(created ? 201 : 200);
        return link;
      }),
    );
  }
}
