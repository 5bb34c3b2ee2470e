import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { EventsModule } from './events.module';
import { RoutingModule } from '../routing/routing.module';
import { AceModule } from '../ace/ace.module';

/** A process that only works jobs (`npm run worker`): the configuration, the database, the events, routing and ACE features. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot({ ...config, worker: 'in-process' }),
        TypeOrmModule.forRootAsync({ useFactory: () => dataSource.options, dataSourceFactory: async () => dataSource }),
        EventsModule,
        // Their periodic jobs (lapsed offers, the ACE sync) run in the worker too.
        RoutingModule,
        AceModule,
      ],
    };
  }
}
