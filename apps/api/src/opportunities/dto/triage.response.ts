import { ApiProperty } from '@nestjs/swagger';
import type { Ladder, Program, TriageResult } from '@mapflow/workflow';
import { LADDER, orNull, PROGRAM } from './enums.response';

/** What triage says of a complete profile: `POST /v1/triage`, and `triage` of a read. */
export class TriageResultDto implements TriageResult {
  @ApiProperty({ ...PROGRAM, example: 'MAP' })
  program!: Program;

  @ApiProperty({ ...orNull(LADDER), description: 'The MAP ladder; null unless the program is MAP' })
  ladder!: Ladder | null;

  @ApiProperty({
    description: 'Whether the annual committed spend makes an EDP/PPA discount worth raising',
    example: false,
  })
  edpCandidate!: boolean;

  @ApiProperty({
    type: [String],
    description: 'Why, in plain words',
    example: [
      'You are migrating an existing workload from heroku with a committed $11,000/month AWS spend, which qualifies for MAP.',
      'That run-rate opens the standard funding ladder; funding scales with committed spend.',
    ],
  })
  reasons!: string[];
}
