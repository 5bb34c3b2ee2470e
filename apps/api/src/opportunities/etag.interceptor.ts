import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf } from './if-match';
import type { OpportunityRead } from './opportunities.service';

/** Answers an {@link OpportunityRead} with its body and `ETag: "<version>"`. */
@Injectable()
export class EtagInterceptor implements NestInterceptor<OpportunityRead, Record<string, unknown>> {
  intercept(context: ExecutionContext, next: CallHandler<OpportunityRead>): Observable<Record<string, unknown>> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((read) => {
        void reply.header('etag', etagOf(read.version));
        return read.body;
      }),
    );
  }
}
