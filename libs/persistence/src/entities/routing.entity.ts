import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrgEntity } from './org.entity';

/** A partner's profile, kept by ops (design/routing.md "Partner profiles"). */
@Entity({ name: 'partner_profiles' })
export class PartnerProfileEntity {
  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'partner_profiles_pk' })
  orgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'partner_profiles_org_fk' })
  org?: OrgEntity;

  @Column({ type: 'varchar', length: 20, array: true })
  platforms!: string[];

  @Column({ type: 'varchar', length: 30, array: true })
  regions!: string[];

  @Column({ type: 'varchar', length: 2, array: true })
  countries!: string[];

  @Column({ name: 'migration_competency', type: 'boolean' })
  migrationCompetency!: boolean;

  @Column({ type: 'integer' })
  capacity!: number;

  @Column({ name: 'taking_work', type: 'boolean' })
  takingWork!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** An inquiry: what the company said, its triage, where routing has got to (design/routing.md). */
@Entity({ name: 'inquiries' })
@Index('inquiries_repeat_idx', ['companyKey', 'receivedAt'])
@Index('inquiries_received_idx', ['receivedAt', 'id'])
export class InquiryEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'inquiries_pk' })
  id!: string;

  @Column({ name: 'company_name', type: 'varchar', length: 200 })
  companyName!: string;

  @Column({ name: 'company_key', type: 'varchar', length: 200 })
  companyKey!: string;

  @Column({ name: 'contact_email', type: 'varchar', length: 320 })
  contactEmail!: string;

  @Column({ name: 'customer_country', type: 'varchar', length: 2 })
  customerCountry!: string;

  @Column({ name: 'source_platform', type: 'varchar', length: 20 })
  sourcePlatform!: string;

  @Column({ type: 'varchar', length: 30 })
  region!: string;

  @Column({ type: 'integer' })
  servers!: number;

  @Column({ type: 'integer' })
  databases!: number;

  @Column({ type: 'integer' })
  applications!: number;

  @Column({ name: 'current_monthly_spend_cents', type: 'bigint' })
  currentMonthlySpendCents!: string;

  @Column({ name: 'projected_monthly_aws_spend_cents', type: 'bigint', nullable: true })
  projectedMonthlyAwsSpendCents!: string | null;

  @Column({ type: 'boolean' })
  greenfield!: boolean;

  @Column({ name: 'aws_competitor', type: 'boolean' })
  awsCompetitor!: boolean;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes!: string | null;

  @Column({ type: 'varchar', length: 10 })
  source!: string;

  @Column({ type: 'varchar', length: 20 })
  state!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  track!: string | null;

  @Column({ type: 'jsonb' })
  triage!: unknown;

  @Column({ name: 'closed_reason', type: 'varchar', length: 300, nullable: true })
  closedReason!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @Column({ name: 'partner_org_id', type: 'uuid', nullable: true })
  partnerOrgId!: string | null;

  @Column({ name: 'customer_org_id', type: 'uuid', nullable: true })
  customerOrgId!: string | null;

  @Column({ name: 'opportunity_id', type: 'uuid', nullable: true })
  opportunityId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'chain_head', type: 'char', length: 64 })
  chainHead!: string;
}

/** An offer of an inquiry to a partner, with its deadline and outcome. */
@Entity({ name: 'inquiry_offers' })
@Index('inquiry_offers_partner_idx', ['partnerOrgId', 'status'])
@Index('inquiry_offers_open_idx', ['deadlineAt'], { where: `"status" = 'open'` })
export class InquiryOfferEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'inquiry_offers_pk' })
  id!: string;

  @Index('inquiry_offers_inquiry_idx')
  @Column({ name: 'inquiry_id', type: 'uuid' })
  inquiryId!: string;

  @ManyToOne(() => InquiryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inquiry_id', foreignKeyConstraintName: 'inquiry_offers_inquiry_fk' })
  inquiry?: InquiryEntity;

  @Column({ name: 'partner_org_id', type: 'uuid' })
  partnerOrgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_org_id', foreignKeyConstraintName: 'inquiry_offers_partner_fk' })
  partner?: OrgEntity;

  @Column({ type: 'integer' })
  rank!: number;

  @Column({ name: 'offered_at', type: 'timestamptz' })
  offeredAt!: Date;

  @Column({ name: 'deadline_at', type: 'timestamptz' })
  deadlineAt!: Date;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason!: string | null;
}

/** One link of an inquiry's hash chain of routing decisions (append-only, like `audit_entries`). */
@Entity({ name: 'inquiry_entries' })
export class InquiryEntryEntity {
  @PrimaryColumn({ name: 'inquiry_id', type: 'uuid', primaryKeyConstraintName: 'inquiry_entries_pk' })
  inquiryId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'inquiry_entries_pk' })
  seq!: number;

  @ManyToOne(() => InquiryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'inquiry_id', foreignKeyConstraintName: 'inquiry_entries_inquiry_fk' })
  inquiry?: InquiryEntity;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  @Column({ type: 'jsonb' })
  entry!: unknown;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** A post of the public inquiry form, by client address: its rate limit counts these. */
@Entity({ name: 'inquiry_form_posts' })
@Index('inquiry_form_posts_address_idx', ['address', 'at'])
export class InquiryFormPostEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'inquiry_form_posts_pk' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
