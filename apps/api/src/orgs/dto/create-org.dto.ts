import {
  IsIn,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { ORG_KINDS, PARTNER_TIERS } from '@mapflow/persistence';
import type { OrgKind, PartnerTierName } from '@mapflow/persistence';
import { Text } from '../../common/validation';

/** A tier is required for partners and refused for every other kind. */
@ValidatorConstraint({ name: 'tierMatchesKind' })
class TierMatchesKind implements ValidatorConstraintInterface {
  validate(tier: unknown, args: ValidationArguments): boolean {
    const kind = (args.object as { kind?: unknown }).kind;
    return kind === 'partner' ? PARTNER_TIERS.some((t) => t === tier) : tier === undefined;
  }
  defaultMessage(): string {
    return 'tier must be one of select, advanced, premier, and is required for (and only for) partners';
  }
}

export class CreateOrgDto {
  /**
   * What the org is: an APN partner, a migrating customer, or the ops team.
   * @example "partner"
   */
  @IsIn(ORG_KINDS)
  kind!: OrgKind;

  /**
   * Display name.
   * @example "Acme Cloud Partners"
   */
  @Text(200)
  name!: string;

  /**
   * APN tier; required for partners, and only for them. Funding rights follow it (`select` has none).
   * @example "premier"
   */
  @ValidateIf((dto: CreateOrgDto) => dto.kind === 'partner' || dto.tier !== undefined)
  @Validate(TierMatchesKind)
  tier?: PartnerTierName;
}

export class OrgResponseDto {
  /** @example "5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10" */
  id!: string;
  /** @example "partner" */
  kind!: OrgKind;
  /** @example "Acme Cloud Partners" */
  name!: string;
  /** @example "premier" */
  tier!: PartnerTierName | null;
}
