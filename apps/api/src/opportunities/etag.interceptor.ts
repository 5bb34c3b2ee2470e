import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { etagOf } from './if-match';
import type { OpportunityRead } from './opportunities.service';

/** Answers an {@link OpportunityRead} with its body and `ETag: "<version>"`. */
@Injectable()
export class EtagInterceptor implements NestInterceptor<OpportunityRead, OpportunityRead['body']> {
  intercept(context: ExecutionContext, next: CallHandler<OpportunityRead>): Observable<OpportunityRead['body']> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((read) => {
        void reply.header('etag', etagOf(read.version));
        return read.body;
      }),
    );
  }
}
