import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { EventsModule } from './events/events.module';
import { RoutingModule } from './routing/routing.module';
import { AceModule } from './ace/ace.module';
import { requestIdFor } from './common/request-id';
import { ProblemFilter } from './common/problem.filter';
import { ApiKeyThrottlerGuard } from './auth/throttle.guard';
import { WindowThrottlerStorage } from './common/throttle.storage';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { HealthModule } from './health/health.module';
import { IdempotencyInterceptor } from './idempotency/idempotency';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { OrgsModule } from './orgs/orgs.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  /**
   * The whole app, around an already-open data source (the caller owns its
   * lifecycle): the configuration, the database, logging and rate limits, the
   * feature modules, and what applies to every route (the key and rate-limit
   * guards, Idempotency-Key, problem documents).
   */
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
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
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMin }],
          storage: new WindowThrottlerStorage(),
        }),
        HealthModule,
        AuthModule,
        OrgsModule,
        OpportunitiesModule,
        AuditModule,
        IdempotencyModule,
        WebModule,
        EventsModule,
        RoutingModule,
        AceModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        { provide: APP_INTERCEPTOR, useExisting: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
