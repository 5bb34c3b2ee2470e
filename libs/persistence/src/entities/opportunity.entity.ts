import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgEntity } from './org.entity';

/**
 * One MAP opportunity: the persisted XState snapshot (jsonb) beside the
 * indexed columns that lists and filters need. `version` is the number of
 * accepted events (creation is 1) and guards every write
 * (`UPDATE ... WHERE version = $expected`); `chain_head` is the hash of the
 * latest audit entry, so an append needs no extra read.
 */
@Entity({ name: 'opportunities' })
@Index('opportunities_partner_created_idx', ['partnerOrgId', 'createdAt', 'id'])
@Index('opportunities_customer_created_idx', ['customerOrgId', 'createdAt', 'id'])
@Index('opportunities_created_idx', ['createdAt', 'id'])
export class OpportunityEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'opportunities_pk' })
  id!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ name: 'partner_org_id', type: 'uuid' })
  partnerOrgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_org_id', foreignKeyConstraintName: 'opportunities_partner_org_fk' })
  partnerOrg?: OrgEntity;

  @Column({ name: 'customer_org_id', type: 'uuid' })
  customerOrgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_org_id', foreignKeyConstraintName: 'opportunities_customer_org_fk' })
  customerOrg?: OrgEntity;

  /** The snapshot's state value (machine version 1 is flat: the phase); reads report it as `phase` and `state`. */
  @Index('opportunities_phase_idx')
  @Column({ type: 'varchar', length: 20 })
  phase!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'machine_version', type: 'varchar', length: 20 })
  machineVersion!: string;

  @Column({ type: 'jsonb' })
  snapshot!: object;

  @Column({ name: 'chain_head', type: 'char', length: 64 })
  chainHead!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Index('opportunities_updated_idx')
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'phase_entered_at', type: 'timestamptz' })
  phaseEnteredAt!: Date;

  /** When the current phase passes its expected window; null at an end. */
  @Index('opportunities_overdue_at_idx')
  @Column({ name: 'overdue_at', type: 'timestamptz', nullable: true })
  overdueAt!: Date | null;
}
