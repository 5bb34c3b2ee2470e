import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { CheckpointsController } from './audit/checkpoints.controller';
import { CheckpointsService } from './audit/checkpoints.service';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthRepository } from './auth/auth.repository';
import { requestIdFor } from './common/request-id';
import { ProblemFilter } from './common/problem.filter';
import { ApiKeyThrottlerGuard } from './common/throttle.guard';
import { WindowThrottlerStorage } from './common/throttle.storage';
import { APP_CONFIG, AppConfig } from './config/config';
import { IdempotencyInterceptor } from './idempotency/idempotency';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { HealthController } from './health/health.controller';
import { OpportunitiesController } from './opportunities/opportunities.controller';
import { OpportunitiesRepository } from './opportunities/opportunities.repository';
import { OpportunitiesService } from './opportunities/opportunities.service';
import { OrgsController } from './orgs/orgs.controller';
import { OrgsRepository } from './orgs/orgs.repository';
import { OrgsService } from './orgs/orgs.service';

@Module({})
export class AppModule {
  /** The whole app, around an already-open data source (the caller owns its lifecycle). */
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestIdFor,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
            autoLogging: config.logLevel === 'debug' || config.logLevel === 'trace',
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: async () => dataSource,
        }),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMin }],
          storage: new WindowThrottlerStorage(),
        }),
      ],
      controllers: [HealthController, OrgsController, OpportunitiesController, AuditController, CheckpointsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        AuthRepository,
        OrgsRepository,
        OrgsService,
        OpportunitiesRepository,
        OpportunitiesService,
        AuditRepository,
        AuditService,
        CheckpointsService,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        IdempotencyRepository,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
