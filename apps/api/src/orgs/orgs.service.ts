import { Injectable } from '@nestjs/common';
import { generateApiKey, hashApiKey } from '../auth/keys';
import { AppError, ErrorCode } from '../common/errors';
import { ApiKeyResponseDto, CreateOrgDto, OrgResponseDto } from './dto';
import { OrgsRepository } from './orgs.repository';

/** Creating orgs and minting their API keys (ops only; the controller says so). */
@Injectable()
export class OrgsService {
  constructor(private readonly orgs: OrgsRepository) {}

  async create(dto: CreateOrgDto): Promise<OrgResponseDto> {
    return this.orgs.insertOrg(dto.kind, dto.name, dto.kind === 'partner' ? (dto.tier ?? null) : null);
  }

  async mintKey(orgId: string, userName: string): Promise<ApiKeyResponseDto> {
    const org = await this.orgs.findOrg(orgId);
    if (!org) throw new AppError(ErrorCode.NotFound, `No org ${orgId}`);
    const key = generateApiKey();
    const { userId } = await this.orgs.insertUserWithKey(org.id, userName, hashApiKey(key));
    return { key, userId, orgId: org.id };
  }
}
