import { OrgResponseDto } from './create-org.dto';

/** `GET /v1/me`: who the caller is, and its org (for the holder of the bootstrap ops key, the ops org). */
export class MeDto {
  /** The user the key (or, later, the session) belongs to. @example "0b3c1f7e-2d7a-4a8e-9c55-6f1e2d3c4b5a" */
  userId!: string;
  org!: OrgResponseDto;
}
