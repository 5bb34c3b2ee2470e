import { ApiProperty } from '@nestjs/swagger';
import type { ChainVerdict, CheckpointVerdict } from '@mapflow/audit';

/** What `GET /v1/opportunities/{id}/audit/verify` found. */
export class ChainVerdictDto implements ChainVerdict {
  @ApiProperty({ description: 'Every link and hash holds, and the replay reproduces the snapshot', example: true })
  valid!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries checked', example: 12 })
  entries!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The hash of the last entry; null for an empty chain',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  headHash!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The first bad entry; null when valid', example: null })
  firstBadSeq!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'What is wrong; null when valid', example: null })
  reason!: string | null;
}

/** A chain a checkpoint covered that is no longer a prefix of today's, or the checkpoint itself. */
export class CheckpointFailureDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The chain; null when the checkpoint itself fails (signature, key, digest)',
  })
  opportunityId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The first bad entry, when one is known' })
  seq!: number | null;
  @ApiProperty({ example: 'entry 7 differs from the checkpoint: history was rewritten since' })
  reason!: string;
}

/** What `POST /v1/audit/checkpoints/verify` found. */
export class CheckpointVerdictDto implements CheckpointVerdict {
  @ApiProperty({ example: true })
  valid!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, example: 3 })
  checkedChains!: number;
  @ApiProperty({ type: 'integer', minimum: 0, example: 40 })
  checkedEntries!: number;
  @ApiProperty({ type: [CheckpointFailureDto] })
  failures!: CheckpointFailureDto[];
}
