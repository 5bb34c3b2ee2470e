import { ApiProperty } from '@nestjs/swagger';
import type { Phase } from '@mapflow/workflow';
import { PHASE } from './enums.response';

/** One opportunity of a list page: what the list shows without reading the snapshot. */
export class OpportunitySummaryDto {
  @ApiProperty({ type: String, format: 'uuid', example: '6f1c2a9e-5b7d-4c3e-9a8f-1d2e3f4a5b6c' })
  id!: string;
  @ApiProperty({ example: 'Heroku to AWS: Series-B SaaS' })
  title!: string;
  @ApiProperty({ ...PHASE, example: 'assess' })
  phase!: Phase;
  @ApiProperty({ description: 'The full state value of the machine', example: 'assess' })
  state!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version (audit seq)', example: 3 })
  version!: number;
  @ApiProperty({ example: '1' })
  machineVersion!: string;
  @ApiProperty({ type: String, format: 'uuid' })
  partnerOrgId!: string;
  @ApiProperty({ type: String, format: 'uuid' })
  customerOrgId!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T10:31:04.546Z' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-27T08:02:11.019Z' })
  updatedAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0, example: 12 })
  timeInPhaseDays!: number;
  @ApiProperty({ description: 'Whether the phase is past its policy window' })
  overdue!: boolean;
}

/** A page of `GET /v1/opportunities`, newest first. */
export class OpportunityPageDto {
  @ApiProperty({ type: [OpportunitySummaryDto] })
  items!: OpportunitySummaryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
    example: null,
  })
  nextCursor!: string | null;
}
