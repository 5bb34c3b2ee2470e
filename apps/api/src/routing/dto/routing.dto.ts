import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { COUNTRY_CODE, SOURCE_PLATFORMS } from '@mapflow/workflow';
import { Text } from '../../common/validation';
import { Cents, MAX_COUNT } from '../../opportunities/dto/common.dto';

/** An AWS region, as the opportunity profile takes it. */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

/** A partner's profile, kept by ops (design/routing.md "Partner profiles"). */
export class PartnerProfileDto {
  /** Source platforms it migrates from. @example ["heroku", "onprem"] */
  @IsArray()
  @ArrayMaxSize(SOURCE_PLATFORMS.length)
  @IsIn(SOURCE_PLATFORMS, { each: true, message: `each platform must be one of ${SOURCE_PLATFORMS.join(', ')}` })
  @ApiProperty({ enum: SOURCE_PLATFORMS, isArray: true })
  platforms!: string[];

  /** AWS regions it delivers in; the first is its main one. @example ["us-east-1", "us-west-2"] */
  @IsArray()
  @ArrayMaxSize(40)
  @Matches(REGION, { each: true, message: 'each region must be an AWS region such as us-east-1' })
  regions!: string[];

  /** ISO 3166 alpha-2 codes of the customers' countries it serves. @example ["US", "CA"] */
  @IsArray()
  @ArrayMaxSize(250)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country must be an ISO 3166 alpha-2 code such as US' })
  countries!: string[];

  /** Holds the AWS Migration Competency. @example true */
  @IsBoolean()
  migrationCompetency!: boolean;

  /** The most open opportunities it takes at once. @example 12 */
  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity!: number;

  /** Takes new work now. @example true */
  @IsBoolean()
  takingWork!: boolean;
}

/** A partner profile as stored, with its MAP track record computed from mapflow. */
export class PartnerProfileResponseDto extends PartnerProfileDto {
  /** @example "3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f" */
  orgId!: string;
  /** The track record, computed from mapflow's own data (never typed in). */
  @ApiProperty({
    example: {
      closedMapOpportunities: 3,
      paidClaims: 6,
      openOpportunities: 2,
      medianResponseHours: 0.5,
      byPlatform: { heroku: 4 },
    },
  })
  record!: {
    closedMapOpportunities: number;
    paidClaims: number;
    openOpportunities: number;
    medianResponseHours: number | null;
    byPlatform: Record<string, number>;
  };
}

/** An inquiry as a company sends it (design/routing.md "An inquiry's life"). */
export class CreateInquiryDto {
  /** @example "Acme Analytics" */
  @Text(200)
  companyName!: string;

  /** @example "cto@acme.example" */
  @IsString()
  @MaxLength(320)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  contactEmail!: string;

  /** ISO 3166 alpha-2. @example "US" */
  @IsString()
  @Matches(COUNTRY_CODE, { message: 'customerCountry must be an ISO 3166 alpha-2 code such as US' })
  customerCountry!: string;

  /** @example "heroku" */
  @IsIn(SOURCE_PLATFORMS, { message: `sourcePlatform must be one of ${SOURCE_PLATFORMS.join(', ')}` })
  @ApiProperty({ enum: SOURCE_PLATFORMS })
  sourcePlatform!: (typeof SOURCE_PLATFORMS)[number];

  /** The AWS region it would move to. @example "us-east-1" */
  @IsString()
  @Matches(REGION, { message: 'region must be an AWS region such as us-east-1' })
  region!: string;

  /** @example 30 */
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  servers!: number;

  /** @example 2 */
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  databases!: number;

  /** @example 6 */
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  applications!: number;

  /** What it spends a month on its platform today, in cents. @example 900000 */
  @Cents()
  currentMonthlySpendCents!: number;

  /** The AWS run-rate it would commit to, in cents, when known. @example 1100000 */
  @IsOptional()
  @Cents()
  projectedMonthlyAwsSpendCents?: number;

  /** A new build rather than a migration. @example false */
  @IsBoolean()
  greenfield!: boolean;

  /** The company is itself a cloud or infrastructure provider competing with AWS. @example false */
  @IsOptional()
  @IsBoolean()
  awsCompetitor?: boolean;

  /** @example "Heroku Postgres is the hard part; we want to be off by Q2." */
  @IsOptional()
  @Text(2000)
  notes?: string;
}

/** A candidate partner, its score and why. */
export class CandidateDto {
  /** @example "3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f" */
  orgId!: string;
  /** @example "Cloud Movers" */
  name!: string;
  /** @example "premier" */
  tier!: string;
  /** @example 102 */
  score!: number;
  /** @example ["migrates from Heroku, with 4 Heroku opportunities in mapflow", "us-east-1 is its main region"] */
  reasons!: string[];
}

/** A partner that cannot take the inquiry, and why. */
export class ExclusionDto {
  /** @example "7a1b2c3d-4e5f-4061-8293-a4b5c6d7e8f9" */
  orgId!: string;
  /** @example "GCP House" */
  name!: string;
  /** @example ["does not migrate from Heroku"] */
  reasons!: string[];
}

/** An offer of an inquiry to a partner. */
export class OfferDto {
  /** @example "c0ffee00-1234-4abc-8def-0123456789ab" */
  id!: string;
  /** @example "5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b" */
  inquiryId!: string;
  /** @example "3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f" */
  partnerOrgId!: string;
  /** @example "Cloud Movers" */
  partnerName!: string;
  /** Its place among the offers of the inquiry, from 1. @example 1 */
  rank!: number;
  /** @example "open" */
  @ApiProperty({ enum: ['open', 'accepted', 'declined', 'lapsed'] })
  status!: string;
  /** @example "2026-12-05T09:00:00.000Z" */
  offeredAt!: string;
  /** @example "2026-12-05T13:00:00.000Z" */
  deadlineAt!: string;
  /** When it was answered or lapsed (null while open). @example "2026-12-05T10:30:00.000Z" */
  decidedAt!: string | null;
  /** Why it was declined. @example "No Heroku Postgres capacity this quarter" */
  reason!: string | null;
  /** What the partner is offered (for the partner: no contact until it accepts). */
  @ApiProperty({
    example: {
      companyName: 'Acme Analytics',
      sourcePlatform: 'heroku',
      region: 'us-east-1',
      customerCountry: 'US',
      servers: 30,
      program: 'MAP',
    },
  })
  summary!: {
    companyName: string;
    sourcePlatform: string;
    region: string;
    customerCountry: string;
    servers: number;
    program: string;
  };
}

/** An inquiry: what was asked, its triage, where routing has got to. */
export class InquiryDto {
  /** @example "5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b" */
  id!: string;
  /** @example "triaged" */
  @ApiProperty({ enum: ['triaged', 'referred', 'offered', 'accepted', 'closed'] })
  state!: string;
  /** MAP (Advanced or Premier) or a referral (any tier); null when closed at triage. @example "map" */
  track!: string | null;
  /** @example { "program": "MAP", "ladder": "standard", "edpCandidate": false, "reasons": ["..."], "track": "map", "estimated": true } */
  triage!: Record<string, unknown>;
  /** Why it was closed, in words. @example "ineligible: AWS does not fund migrations for competing cloud or infrastructure providers." */
  closedReason!: string | null;
  /** @example "2026-12-05T09:00:00.000Z" */
  receivedAt!: string;
  /** When a partner accepted it (null until then). @example "2026-12-05T12:30:00.000Z" */
  acceptedAt!: string | null;
  /** Hours from receipt to acceptance (or to now, while open). @example 3.5 */
  slaHours!: number;
  /** Over the 24-hour target. @example false */
  slaBreached!: boolean;
  /** The partner that accepted it (null until then). @example "3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f" */
  partnerOrgId!: string | null;
  /** Its customer org, once accepted (null until then). @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  customerOrgId!: string | null;
  /** The opportunity its acceptance made (null until then). @example "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809" */
  opportunityId!: string | null;
  /** This inquiry repeated an earlier one (same company and e-mail within 30 days) and was merged into it. @example false */
  merged!: boolean;
  /** What the company said. */
  @ApiProperty({ type: CreateInquiryDto })
  input!: CreateInquiryDto;
}

/** An inquiry with its offers and, while it can still be offered, its candidates (ops). */
export class InquiryDetailDto extends InquiryDto {
  @ApiProperty({ type: [OfferDto] })
  offers!: OfferDto[];
  @ApiProperty({ type: [CandidateDto] })
  candidates!: CandidateDto[];
  @ApiProperty({ type: [ExclusionDto] })
  excluded!: ExclusionDto[];
}

export class InquiryListDto {
  @ApiProperty({ type: [InquiryDto] })
  items!: InquiryDto[];
}

export class OfferListDto {
  @ApiProperty({ type: [OfferDto] })
  items!: OfferDto[];
}

/** Whom to offer to: a named partner, or (empty) the top candidate. */
export class CreateOfferDto {
  /** @example "3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f" */
  @IsOptional()
  @IsUUID('all', { message: 'partnerOrgId must be a UUID' })
  partnerOrgId?: string;
}

export class DeclineOfferDto {
  /** Why the partner declines, in words. @example "No Heroku Postgres capacity this quarter" */
  @Text(2000)
  reason!: string;
}

/** The accepted offer: the customer org, the link and the opportunity made of it. */
export class AcceptedOfferDto {
  @ApiProperty({ type: OfferDto })
  offer!: OfferDto;
  /** @example "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" */
  customerOrgId!: string;
  /** The customer org was made by this acceptance (always, today: never matched by name). @example true */
  customerCreated!: boolean;
  /** Whom to write to now: the company and the contact it gave. */
  @ApiProperty({ example: { companyName: 'Acme Analytics', contactEmail: 'cto@acme.example' } })
  contact!: { companyName: string; contactEmail: string };
  /** @example "1b2c3d4e-5f60-4718-92a3-b4c5d6e7f809" */
  opportunityId!: string;
}

/** The routing report for ops (design/routing.md "What ops sees"). */
export class RoutingReportDto {
  /** Inquiries received. @example 42 */
  inquiries!: number;
  /** Accepted by a partner. @example 30 */
  matched!: number;
  /** Median hours from receipt to acceptance. @example 6.5 */
  medianHoursToMatch!: number | null;
  /** Share of matched inquiries accepted within 24 hours, 0 to 1. @example 0.9 */
  shareWithin24h!: number | null;
  /** Open (not accepted, not closed) for more than 24 hours now, or accepted after more than 24. @example 2 */
  breaches!: number;
  @ApiPropertyOptional({
    example: [
      {
        partnerOrgId: '3f6c1d2e-8b7a-4c5d-9e0f-1a2b3c4d5e6f',
        name: 'Cloud Movers',
        offers: 5,
        accepted: 4,
        declined: 1,
        lapsed: 0,
        acceptance: 0.8,
      },
    ],
  })
  partners!: {
    partnerOrgId: string;
    name: string;
    offers: number;
    accepted: number;
    declined: number;
    lapsed: number;
    acceptance: number | null;
  }[];
}
