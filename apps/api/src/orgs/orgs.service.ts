import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { generateApiKey, hashApiKey } from '../auth/keys';
import { AppError, ErrorCode } from '../common/errors';
import { ApiKeyResponseDto, CreateOrgDto, OrgResponseDto, PartnerLinkDto, PartnerLinkListDto } from './dto';
import { OrgRecord, OrgsRepository, PartnerLinkRecord } from './orgs.repository';

/** A link, and whether this request made it (201) or found it (200). */
export interface LinkOutcome {
  created: boolean;
  link: PartnerLinkDto;
}

/** "a partner org", "an ops org". */
const kindOf = (org: OrgRecord): string => `${org.kind === 'ops' ? 'an' : 'a'} ${org.kind} org`;

function linkDto(link: PartnerLinkRecord): PartnerLinkDto {
  return { ...link, createdAt: link.createdAt.toISOString() };
}

/**
 * Creating orgs, minting their API keys, and linking partners to customers
 * (ops only; the controller says so).
 */
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

  /** Links the partner to the customer (idempotent: an existing link is answered as it is). */
  async link(caller: Caller, customerOrgId: string, partnerOrgId: string): Promise<LinkOutcome> {
    await this.customerOr404(customerOrgId);
    const partner = await this.orgs.findOrg(partnerOrgId);
    if (!partner || partner.kind !== 'partner') {
      const what = partner ? `is ${kindOf(partner)}` : 'names no org';
      throw new AppError(ErrorCode.Validation, `partnerOrgId ${partnerOrgId} ${what}: only a partner org is linked`, {
        errors: [{ field: 'partnerOrgId', message: 'must name an existing partner org' }],
      });
    }
    const { created, link } = await this.orgs.insertLink(customerOrgId, partnerOrgId, caller.userId);
    return { created, link: linkDto(link) };
  }

  async links(customerOrgId: string): Promise<PartnerLinkListDto> {
    await this.customerOr404(customerOrgId);
    return { items: (await this.orgs.listLinks(customerOrgId)).map(linkDto) };
  }

  /** Removes the link; the opportunities the partner opened for the customer stay, and it keeps them. */
  async unlink(customerOrgId: string, partnerOrgId: string): Promise<void> {
    await this.customerOr404(customerOrgId);
    if (!(await this.orgs.deleteLink(customerOrgId, partnerOrgId))) {
      throw new AppError(ErrorCode.NotFound, `Partner org ${partnerOrgId} is not linked to customer ${customerOrgId}`);
    }
  }

  /** Only a customer org has partners; every other id is 404, saying what the org is when there is one. */
  private async customerOr404(id: string): Promise<OrgRecord> {
    const org = await this.orgs.findOrg(id);
    if (!org) throw new AppError(ErrorCode.NotFound, `No org ${id}`);
    if (org.kind !== 'customer') {
      throw new AppError(ErrorCode.NotFound, `Org ${id} is ${kindOf(org)}: only a customer org has partners`);
    }
    return org;
  }
}
