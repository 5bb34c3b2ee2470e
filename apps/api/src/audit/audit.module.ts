import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditWriter } from './audit-writer';
import { CheckpointsController } from './checkpoints.controller';
import { CheckpointsService } from './checkpoints.service';

/**
 * The audit chains: the one writer of their entries (for every feature that
 * changes an opportunity), their pages, export and verification, and signed
 * checkpoints over their heads.
 */
@Module({
  controllers: [AuditController, CheckpointsController],
  providers: [AuditRepository, AuditService, AuditWriter, CheckpointsService],
  exports: [AuditService, AuditWriter, CheckpointsService],
})
export class AuditModule {}
