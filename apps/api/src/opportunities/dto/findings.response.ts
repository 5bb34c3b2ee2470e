import { ApiProperty } from '@nestjs/swagger';
import type { Finding2, FindingCode2 } from '@mapflow/workflow';
import { FINDING_CODE } from './enums.response';

/** A pattern a partner or ops should act on ("money left on the table"); the last three codes are version 2's. */
export class FindingDto implements Finding2 {
  @ApiProperty({ ...FINDING_CODE, example: 'MIGRATE_FUNDING_NOT_REQUESTED' })
  code!: FindingCode2;
  @ApiProperty({ example: 'Mobilize funding claimed but no Migrate request' })
  title!: string;
  @ApiProperty({
    example: 'The largest share of MAP funding lands in Migrate, scaled to committed spend; file the Migrate tranches.',
  })
  detail!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The dollars at stake, in US cents; null where they cannot be computed',
    example: 13200000,
  })
  dollarsAtStakeCents!: number | null;
}

/** `GET /v1/opportunities/{id}/findings`. */
export class FindingsDto {
  @ApiProperty({ type: [FindingDto] })
  findings!: FindingDto[];
}
