import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerTier, Role } from '@mapflow/workflow';

/**
 * `values`, checked by the compiler to hold every member of `T` and nothing else: the names stay
 * the domain's (libs/workflow types.ts), listed here only for the enum columns and for validation.
 */
function everyOf<T extends string>() {
  return <const A extends readonly T[]>(values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : never)): A =>
    values;
}

/** An org's kind is the role its users act in. In the `org_kind` enum's order. */
export const ORG_KINDS = everyOf<Role>()(['partner', 'customer', 'ops']);
export type OrgKind = Role;
/** In the `partner_tier` enum's order. */
export const PARTNER_TIERS = everyOf<PartnerTier>()(['select', 'advanced', 'premier']);
export type PartnerTierName = PartnerTier;

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
