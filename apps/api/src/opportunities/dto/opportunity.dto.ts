import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PHASES } from '@mapflow/workflow';
import type { Phase } from '@mapflow/workflow';
import { CURSOR_RULE, parseCursor } from '../cursor';
import { ProfileDto, Text } from './common.dto';

export class CreateOpportunityDto {
  /** The migrating customer's org. @example "2b7f4a0e-1c1d-4a53-9d0e-0c7b3f0a9e11" */
  @IsUUID()
  customerOrgId!: string;

  /** @example "Heroku to AWS: Series-B SaaS" */
  @Text(300)
  title!: string;

  /** The initial triage profile, if known. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProfileDto)
  profile?: ProfileDto;
}

/** `POST /v1/opportunities/{id}/migrate`: the machine version to move to. */
export class MigrateOpportunityDto {
  /** The target machine version; only 2 exists to move to. @example "2" */
  @IsIn(['2'])
  to!: '2';
}

export class ListOpportunitiesQuery {
  /** @example "assess" */
  @IsOptional()
  @IsIn(PHASES)
  phase?: Phase;

  /** The full state value, as reads report it. @example "migrate" */
  @IsOptional()
  @IsString()
  @MaxLength(120)
  state?: string;

  @IsOptional()
  @IsUUID()
  partnerOrgId?: string;

  @IsOptional()
  @IsUUID()
  customerOrgId?: string;

  /** Only opportunities past (true) or within (false) their phase's expected window. @example "true" */
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  /** Page size, 1 to 200 (default 50). @example 50 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  @ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseCursor(value) !== null,
      defaultMessage: () => CURSOR_RULE,
    },
  })
  cursor?: string;
}

/** The formats of `GET /v1/opportunities/{id}/diagram`. */
export const DIAGRAM_FORMATS = ['svg', 'mermaid'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

export class DiagramQuery {
  /** `svg` (default): an SVG image; `mermaid`: the Mermaid flowchart source, as text/plain. @example "svg" */
  @IsOptional()
  @IsIn(DIAGRAM_FORMATS)
  format?: DiagramFormat;
}
