import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ORG_KINDS = ['partner', 'customer', 'ops'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const PARTNER_TIERS = ['select', 'advanced', 'premier'] as const;
export type PartnerTierName = (typeof PARTNER_TIERS)[number];

/** An organisation: an APN partner, a migrating customer, or the ops team. Persistence shape only. */
@Entity({ name: 'orgs' })
@Check('orgs_tier_matches_kind', `("kind" = 'partner') = ("tier" IS NOT NULL)`)
export class OrgEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'orgs_pk' })
  id!: string;

  @Column({ type: 'enum', enum: ORG_KINDS, enumName: 'org_kind' })
  kind!: OrgKind;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({
    type: 'enum',
    enum: PARTNER_TIERS,
    enumName: 'partner_tier',
    nullable: true,
  })
  tier!: PartnerTierName | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
