import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { acceptedDateRule, COUNTRY_CODE, isAcceptedDate, isSha256, TRANCHES } from '@mapflow/workflow';
import type { Tranche } from '@mapflow/workflow';
import { Text } from '../../common/validation';

export { Text };

/** Largest amount accepted, in cents ($100 billion): larger is a 400, far below 2^53. */
export const MAX_CENTS = 10_000_000_000_000;
/** Largest count of servers, databases or applications in a profile. */
export const MAX_COUNT = 1_000_000;
/** Identifiers chosen by the partner: waves, claims. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** Any absolute URI: https://, s3://, urn:, ... */
export const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S{1,2000}$/;

/** Money: whole US cents, 0 to $100 billion. */
export const Cents = (): PropertyDecorator => (target, key) => {
  IsInt({ message: `${String(key)} must be a whole number of cents` })(target, key);
  Min(0)(target, key);
  Max(MAX_CENTS)(target, key);
};

/** A real calendar date, YYYY-MM-DD, within the domain's accepted range (libs/workflow dates.ts). */
export const CalendarDate = (): PropertyDecorator => (target, key) =>
  applyDecorators(
    ApiProperty({ type: String, format: 'date', description: acceptedDateRule(String(key)) }),
    ValidateBy({
      name: 'acceptedDate',
      validator: {
        validate: (value: unknown) => isAcceptedDate(value),
        defaultMessage: () => acceptedDateRule(String(key)),
      },
    }),
  )(target, key);

export const PartnerId = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Matches(ID_PATTERN, {
    message: `${String(key)} must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
  })(target, key);
};

export const IsTranche = (): PropertyDecorator => IsIn(TRANCHES);

/** A format rule the domain owns (sha256, MPE IDs, tag values), checked at the edge so that it is a 400. */
export const Domain = (check: (value: string) => boolean, message: string): PropertyDecorator =>
  ValidateBy({
    name: check.name,
    validator: {
      validate: (value: unknown) => typeof value === 'string' && check(value),
      defaultMessage: () => message,
    },
  });

/** A document proving a checklist item or a claim. */
export class EvidenceDto {
  /** @example "s3://acme-map/assess/inventory-2026-11.xlsx" */
  @IsString()
  @Matches(URI_PATTERN, { message: 'uri must be an absolute URI' })
  uri!: string;

  /**
   * SHA-256 of the document, 64 hex characters.
   * @example "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
   */
  @IsString()
  @Domain(isSha256, 'sha256 must be 64 hex characters')
  sha256!: string;
}

/** The triage profile (DESIGN.md §2, step 0); every field optional, merged into the stored one. */
export class ProfileDto {
  /** @example "heroku" */
  @IsOptional()
  @Text(60)
  sourcePlatform?: string;

  /** AWS target region. @example "us-east-1" */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/, { message: 'region must be an AWS region such as us-east-1' })
  region?: string;

  /** ISO 3166 alpha-2. @example "US" */
  @IsOptional()
  @IsString()
  @Matches(COUNTRY_CODE, { message: 'customerCountry must be an ISO 3166 alpha-2 code such as US' })
  @ApiPropertyOptional({ pattern: COUNTRY_CODE.source })
  customerCountry?: string;

  /** @example 30 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  servers?: number;

  /** @example 2 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  databases?: number;

  /** @example 3 */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  applications?: number;

  /** @example 900000 */
  @IsOptional()
  @Cents()
  currentMonthlySpendCents?: number;

  /** Committed post-migration AWS run-rate. @example 1100000 */
  @IsOptional()
  @Cents()
  projectedMonthlyAwsSpendCents?: number;

  /** The partner's eligible migration services cost. @example 12000000 */
  @IsOptional()
  @Cents()
  migrationServicesCostCents?: number;

  /** @example false */
  @IsOptional()
  @IsBoolean()
  greenfield?: boolean;

  /** @example false */
  @IsOptional()
  @IsBoolean()
  awsCompetitor?: boolean;
}

export class ProjectedSpendDto {
  /** @example "Amazon ECS" */
  @Text(120)
  service!: string;
  /** @example 600000 */
  @Cents()
  monthlyCents!: number;
}

export class FundingRequestLineDto {
  /** @example "mobilize_partner_funding" */
  @IsTranche()
  tranche!: Tranche;
  /** @example 3000000 */
  @Cents()
  amountCents!: number;
}

/**
 * A nested object (or array of them) validated as `cls`: required unless `optional`. (`ValidateNested` alone
 * lets a missing object through, and `IsDefined` runs even beside `IsOptional`, so the two are chosen here.)
 */
export const nested = <T>(cls: () => new () => T, { optional = false } = {}): PropertyDecorator => {
  return (target, key) => {
    if (optional) IsOptional()(target, key);
    else IsDefined({ message: `${String(key)} is required` })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(cls)(target, key);
  };
};
