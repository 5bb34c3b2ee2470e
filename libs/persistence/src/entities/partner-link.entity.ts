import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrgEntity } from './org.entity';

/**
 * How a link came to be: made by ops over the API, backfilled from an opportunity that predates links, or
 * made by the partner's acceptance of an inquiry's offer (design/routing.md).
 */
export const PARTNER_LINK_ORIGINS = ['ops', 'backfill', 'inquiry'] as const;
export type PartnerLinkOrigin = (typeof PARTNER_LINK_ORIGINS)[number];

/**
 * A partner-customer link (DESIGN.md section 1): the partner may open
 * opportunities for the customer. The service keeps the kinds right (a
 * partner org, a customer org); removing a link leaves the opportunities it
 * opened in place.
 */
@Entity({ name: 'partner_customer_links' })
@Check('partner_customer_links_origin', `"origin" IN ('ops', 'backfill', 'inquiry')`)
@Index('partner_customer_links_partner_idx', ['partnerOrgId'])
export class PartnerLinkEntity {
  @PrimaryColumn({ name: 'customer_org_id', type: 'uuid', primaryKeyConstraintName: 'partner_customer_links_pk' })
  customerOrgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_org_id', foreignKeyConstraintName: 'partner_customer_links_customer_fk' })
  customerOrg?: OrgEntity;

  @PrimaryColumn({ name: 'partner_org_id', type: 'uuid', primaryKeyConstraintName: 'partner_customer_links_pk' })
  partnerOrgId!: string;

  @ManyToOne(() => OrgEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partner_org_id', foreignKeyConstraintName: 'partner_customer_links_partner_fk' })
  partnerOrg?: OrgEntity;

  @Column({ type: 'varchar', length: 20 })
  origin!: PartnerLinkOrigin;

  /** The ops user who made it; null for a backfilled link. */
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
