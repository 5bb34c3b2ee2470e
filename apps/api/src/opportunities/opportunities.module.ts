import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OrgsModule } from '../orgs/orgs.module';
import { OpportunitiesController } from './opportunities.controller';
import { OpportunitiesRepository } from './opportunities.repository';
import { OpportunityCommandsService } from './opportunity-commands.service';
import { OpportunityDiagramService } from './opportunity-diagram.service';
import { OpportunityReadsService } from './opportunity-reads.service';
import { OpportunityReportsService } from './opportunity-reports.service';

/**
 * The opportunity lifecycle over HTTP: commands (create, send an event),
 * reads (one, a list, findings, triage) and the diagram. Customers come from
 * the orgs feature; each command's audit entry from the audit writer.
 */
@Module({
  imports: [OrgsModule, AuditModule],
  controllers: [OpportunitiesController],
  providers: [
    OpportunitiesRepository,
    OpportunityCommandsService,
    OpportunityReadsService,
    OpportunityDiagramService,
    OpportunityReportsService,
  ],
  exports: [OpportunityCommandsService, OpportunityReadsService, OpportunityDiagramService, OpportunityReportsService],
})
export class OpportunitiesModule {}
