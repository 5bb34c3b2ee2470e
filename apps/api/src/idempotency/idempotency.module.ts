import { Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency';
import { IdempotencyRepository } from './idempotency.repository';

/**
 * `Idempotency-Key` on every POST: the interceptor (global, from AppModule)
 * claims a key before the handler runs, and its `answerRecorder` hook (added
 * by app.factory.ts) stores the answer as Fastify sends it.
 */
@Module({
  providers: [IdempotencyRepository, IdempotencyInterceptor],
  exports: [IdempotencyInterceptor],
})
export class IdempotencyModule {}
