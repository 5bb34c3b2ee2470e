import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { AceController } from './ace.controller';
import { AceService } from './ace.service';

/** ACE interop (design/ace.md): the export to Partner Central; the sync comes next. */
@Module({
  imports: [OpportunitiesModule],
  controllers: [AceController],
  providers: [AceService],
})
export class AceModule {}
