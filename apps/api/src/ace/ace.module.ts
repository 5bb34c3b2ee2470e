import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { AceController } from './ace.controller';
import { AceService } from './ace.service';
import { AceSyncRepository } from './ace-sync.repository';
import { AceSyncService } from './ace-sync.service';
import { EventsModule } from '../events/events.module';

/** ACE interop (design/ace.md): the export to Partner Central, and the sync (off unless configured). */
@Module({
  imports: [OpportunitiesModule, EventsModule],
  controllers: [AceController],
  providers: [AceService, AceSyncRepository, AceSyncService],
  exports: [AceSyncService],
})
export class AceModule {}
