import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OpportunityEntity } from './opportunity.entity';

/**
 * One accepted event of one opportunity, hash-chained: `hash` is SHA-256 over
 * the RFC 8785 canonical JSON of `{ opportunityId, seq, prevHash, entry }`;
 * `seq` is the version the event produced (creation is 1).
 */
@Entity({ name: 'audit_entries' })
export class AuditEntryEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'audit_entries_pk' })
  opportunityId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'audit_entries_pk' })
  seq!: number;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'opportunity_id', foreignKeyConstraintName: 'audit_entries_opportunity_fk' })
  opportunity?: OpportunityEntity;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'jsonb' })
  entry!: object;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
