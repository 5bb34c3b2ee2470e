import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OpportunityEntity } from './opportunity.entity';

/** The ACE sync's place per opportunity (design/ace.md). */
@Entity({ name: 'ace_syncs' })
export class AceSyncEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'ace_syncs_pk' })
  opportunityId!: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'ace_syncs_opportunity_fk' })
  opportunity?: OpportunityEntity;

  @Column({ name: 'ace_opportunity_id', type: 'varchar', length: 20, nullable: true })
  aceOpportunityId!: string | null;

  @Column({ name: 'synced_version', type: 'integer', default: 0 })
  syncedVersion!: number;

  @Column({ name: 'sent_hash', type: 'char', length: 64, nullable: true })
  sentHash!: string | null;

  @Column({ type: 'boolean', default: false })
  associated!: boolean;

  @Column({ name: 'submitted_for', type: 'timestamptz', nullable: true })
  submittedFor!: Date | null;

  @Column({ name: 'review_status', type: 'varchar', length: 30, nullable: true })
  reviewStatus!: string | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ name: 'error_at', type: 'timestamptz', nullable: true })
  errorAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'failed_version', type: 'integer', nullable: true })
  failedVersion!: number | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
