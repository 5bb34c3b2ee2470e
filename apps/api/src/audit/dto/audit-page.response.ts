import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntryBody, ChainLink } from '@mapflow/audit';

const HEX64 = { type: String, pattern: '^[0-9a-f]{64}$' } as const;

/** Who sent the event: the authenticated caller, as the server saw it. */
export class AuditActorDto {
  @ApiProperty({ type: String, format: 'uuid' })
  userId!: string;
  @ApiProperty({ type: String, format: 'uuid' })
  orgId!: string;
  @ApiProperty({ description: 'partner, customer or ops', example: 'partner' })
  role!: string;
  @ApiPropertyOptional({ description: "A partner's APN tier: select, advanced or premier", example: 'premier' })
  tier?: string;
}

/** What one audit entry says. */
export class AuditEntryDto implements AuditEntryBody {
  [extra: string]: unknown;

  @ApiProperty({ type: String, format: 'date-time', description: 'Server time of the commit' })
  recordedAt!: string;
  @ApiProperty({ type: AuditActorDto })
  actor!: AuditActorDto;
  @ApiProperty({
    // `required` of ApiProperty says whether `event` is; the schema's own list goes inside allOf.
    allOf: [
      {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', example: 'ADVANCE' } },
        additionalProperties: true,
      },
    ],
    description:
      'The event as the machine received it: `CREATE_OPPORTUNITY` with its input first, then each accepted event ' +
      'with its payload, `at` and `actor`',
  })
  event!: { type: string } & Record<string, unknown>;
  @ApiProperty({ description: 'The state after the event', example: 'assess' })
  state!: string;
  @ApiPropertyOptional({ description: 'The machine version, on the creation entry', example: '1' })
  machineVersion?: string;
}

/** One link of an opportunity's hash chain. */
export class ChainLinkDto implements ChainLink {
  @ApiProperty({ type: String, format: 'uuid' })
  opportunityId!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The entry number: the opportunity version it made' })
  seq!: number;
  @ApiProperty({ ...HEX64, description: 'The previous link’s hash (64 zeros for seq 1)' })
  prevHash!: string;
  @ApiProperty({
    ...HEX64,
    description: 'SHA-256 (hex) over the RFC 8785 form of { opportunityId, seq, prevHash, entry }',
  })
  hash!: string;
  @ApiProperty({ type: AuditEntryDto })
  entry!: AuditEntryDto;
}

/** A page of `GET /v1/opportunities/{id}/audit`, oldest first. */
export class AuditPageDto {
  @ApiProperty({ type: [ChainLinkDto] })
  items!: ChainLinkDto[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Pass as `afterSeq` for the next page; null on the last page',
    example: null,
  })
  nextAfterSeq!: number | null;
}
