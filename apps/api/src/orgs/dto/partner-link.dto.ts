import { IsUUID } from 'class-validator';
import type { PartnerLinkOrigin, PartnerTierName } from '@mapflow/persistence';

export class LinkPartnerDto {
  /**
   * The partner org to link to the customer: it may then open opportunities for the customer.
   * @example "9c1d7e1a-3b2f-4e5d-8a6b-7c8d9e0f1a2b"
   */
  @IsUUID()
  partnerOrgId!: string;
}

export class PartnerLinkDto {
  /** @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10" */
  customerOrgId!: string;
  /** @example "9c1d7e1a-3b2f-4e5d-8a6b-7c8d9e0f1a2b" */
  partnerOrgId!: string;
  /** @example "Acme Cloud Partners" */
  partnerName!: string;
  /** @example "premier" */
  partnerTier!: PartnerTierName | null;
  /**
   * How the link was made: `ops` over this API, or `backfill` for a partner that already had an
   * opportunity with the customer when links were introduced.
   * @example "ops"
   */
  origin!: PartnerLinkOrigin;
  /** @example "2026-11-26T10:31:04.546Z" */
  createdAt!: string;
}

export class PartnerLinkListDto {
  /** The customer's partners, oldest link first. */
  items!: PartnerLinkDto[];
}
