import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const HEX64 = /^[0-9a-f]{64}$/;

export class CheckpointHeadDto {
  @IsUUID()
  opportunityId!: string;
  @IsInt()
  @Min(1)
  seq!: number;
  @Matches(HEX64, { message: 'hash must be 64 lowercase hex characters' })
  hash!: string;
}

/** A checkpoint exactly as POST /v1/audit/checkpoints returned it. */
export class CheckpointDto {
  /** @example "mapflow-checkpoint/1" */
  @IsIn(['mapflow-checkpoint/1'])
  format!: 'mapflow-checkpoint/1';
  /** @example "2026-11-26T10:00:00.000Z" */
  @IsISO8601({ strict: true })
  createdAt!: string;
  @IsInt()
  @Min(0)
  count!: number;
  @Matches(HEX64, { message: 'digest must be 64 lowercase hex characters' })
  digest!: string;
  @Matches(HEX64, { message: 'keyId must be 64 lowercase hex characters' })
  keyId!: string;
  @IsArray()
  @ArrayMaxSize(1_000_000)
  @ValidateNested({ each: true })
  @Type(() => CheckpointHeadDto)
  heads!: CheckpointHeadDto[];
  @IsString()
  @MaxLength(1000)
  publicKey!: string;
  @IsBase64()
  @MaxLength(200)
  signature!: string;
}
