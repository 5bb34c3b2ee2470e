import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Projection for the stacking rule: every workload that an opportunity funds
 * through MAP (named by a fund request) or Activate, by customer. Written in the
 * same transaction as the event that funds it.
 */
@Entity({ name: 'funded_workloads' })
@Index('funded_workloads_customer_idx', ['customerOrgId'])
export class FundedWorkloadEntity {
  @PrimaryColumn({ name: 'opportunity_id', type: 'uuid', primaryKeyConstraintName: 'funded_workloads_pk' })
  opportunityId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10, primaryKeyConstraintName: 'funded_workloads_pk' })
  program!: 'map' | 'activate';

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'funded_workloads_pk' })
  workload!: string;

  @Column({ name: 'customer_org_id', type: 'uuid' })
  customerOrgId!: string;
}
