import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest seq there can be: audit_entries.seq is a PostgreSQL integer (int4). */
export const MAX_SEQ = 2_147_483_647;

export class AuditPageQuery {
  /** Entries after this seq (default 0: from the start), 0 to 2147483647. @example 0 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SEQ)
  afterSeq?: number;

  /** Page size, 1 to 1000 (default 100). @example 100 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
