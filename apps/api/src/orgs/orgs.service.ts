import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { ApiKeyResponseDto, CreateOrgDto, MeDto, OrgResponseDto, PartnerLinkDto, PartnerLinkListDto } from './dto';
import { Member, OrgRecord, OrgsRepository, OrgSummary, PartnerLinkRecord } from './orgs.repository';

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
 * Creating orgs, minting their API keys (through the auth feature, which
 * holds users and keys), and linking partners to customers (ops only; the
 * controller says so).
 */
@Injectable()
export class OrgsService {
  constructor(
    private readonly orgs: OrgsRepository,
    private readonly auth: AuthService,
  ) {}

  async create(dto: CreateOrgDto): Promise<OrgResponseDto> {
    return this.orgs.insertOrg(dto.kind, dto.name, dto.kind === 'partner' ? (dto.tier ?? null) : null);
  }

  /** Every org, for ops. */
  directory(): Promise<OrgSummary[]> {
    return this.orgs.listOrgs();
  }

  /** One org as ops administers it: its users with their keys, and its partner-customer links (either side). */
  async administered(
    orgId: string,
  ): Promise<{ org: OrgRecord; members: Member[]; links: PartnerLinkRecord[]; customers: OrgRecord[] }> {
    const org = await this.orgs.findOrg(orgId);
    if (!org) throw new AppError(ErrorCode.NotFound, `No org ${orgId}`);
    const [members, links, customers] = await Promise.all([
      this.orgs.members(orgId),
      org.kind === 'customer' ? this.orgs.listLinks(orgId) : Promise.resolve([]),
      org.kind === 'partner' ? this.orgs.customersOf(orgId) : Promise.resolve([]),
    ]);
    return { org, members, links, customers };
  }

  /** The caller's user and org. Its org exists while its key resolves (keys belong to their org's users). */
  async me(caller: Caller): Promise<MeDto> {
    const org = await this.orgs.findOrg(caller.orgId);
    if (!org) throw new AppError(ErrorCode.NotFound, `No org ${caller.orgId}`);
    return { userId: caller.userId, org };
  }

  async mintKey(orgId: string, userName: string): Promise<ApiKeyResponseDto> {
    const org = await this.orgs.findOrg(orgId);
    if (!org) throw new AppError(ErrorCode.NotFound, `No org ${orgId}`);
    const { key, keyId, userId } = await this.auth.mintKey(org.id, userName);
    return { key, id: keyId, userId, orgId: org.id };
  }

  /**
   * Makes `keyHash` the first ops key, with its own ops org and user, unless an
   * ops key already exists. Serialised by an advisory lock so two replicas
   * starting together create one. Returns whether it created the key.
   */
  async ensureBootstrapOpsKey(keyHash: string): Promise<boolean> {
    return this.orgs.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('mapflow:bootstrap-ops-key'))`);
      if (await this.auth.hasKeyOfKind(tx, 'ops')) return false;
      const org = await this.orgs.insertOrg('ops', 'mapflow ops', null, tx);
      await this.auth.addUserWithKey(tx, org.id, 'bootstrap', keyHash);
      return true;
    });
  }

  /**
   * The customer org `customerOrgId`, if it is one and `partnerOrgId` is linked to it; else null,
   * the same for an unknown org, an org of another kind and an unlinked customer. The link stays
   * share-locked until `tx` ends, so that a concurrent removal waits for what it allowed.
   */
  findLinkedCustomer(tx: EntityManager, customerOrgId: string, partnerOrgId: string): Promise<OrgRecord | null> {
    return this.orgs.findLinkedCustomer(tx, customerOrgId, partnerOrgId);
  }

  /**
   * For an accepted inquiry, in its transaction (design/routing.md): a new customer org of the company's
   * name, and the partner linked to it (origin `inquiry`). Never an existing org found by name: the name
   * comes from an anonymous form, and matching it would link a partner to another partner's customer.
   */
  async customerForInquiry(
    tx: EntityManager,
    companyName: string,
    partnerOrgId: string,
    userId: string,
  ): Promise<{ customer: OrgRecord; created: boolean }> {
    const customer = await this.orgs.insertOrg('customer', companyName, null, tx);
    await this.orgs.insertLinkIn(tx, customer.id, partnerOrgId, userId, 'inquiry');
    return { customer, created: true };
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
