import { Inject, Injectable } from '@nestjs/common';
import type { CreateOpportunityRequest } from '@aws-sdk/client-partnercentral-selling';
import { CASH_TRANCHES } from '@mapflow/workflow';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import type { CreateBenefitApplicationInput } from '@aws-sdk/client-partnercentral-benefits';
import { aceExportMissing, benefitApplicationRequest, createOpportunityRequest } from './ace-export';

/** ACE interop (design/ace.md): the export of an opportunity as Partner Central's `CreateOpportunity` request. */
@Injectable()
export class AceService {
  constructor(
    private readonly reads: OpportunityReadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The request; 409 naming in words the ACE fields the profile lacks, or a version-1 opportunity. */
  async export(caller: Caller, id: string): Promise<CreateOpportunityRequest> {
    const o = (await this.reads.read(caller, id)).body;
    if (!('credits' in o))
      throw new AppError(
        ErrorCode.StateConflict,
        'This opportunity runs machine version 1, which keeps no ACE fields: migrate it to version 2 first (POST .../migrate).',
      );
    const missing = aceExportMissing(o);
    if (missing.length > 0)
      throw new AppError(
        ErrorCode.StateConflict,
        `ACE needs fields this profile lacks: ${missing.map((m) => m.description).join('; ')}. Add them with UPDATE_PROFILE.`,
        { missing },
      );
    return createOpportunityRequest(o, this.config.aceCatalog);
  }

  /** The Benefits API request of the opportunity's fund request for `tranche` (its latest); 404 when none is filed. */
  async benefitApplication(caller: Caller, id: string, tranche: string): Promise<CreateBenefitApplicationInput> {
    if (!(CASH_TRANCHES as readonly string[]).includes(tranche))
      throw new AppError(ErrorCode.Validation, `tranche must be one of ${CASH_TRANCHES.join(', ')}`, {
        errors: [{ field: 'tranche', message: `must be one of ${CASH_TRANCHES.join(', ')}` }],
      });
    const o = (await this.reads.read(caller, id)).body;
    if (!('credits' in o))
      throw new AppError(
        ErrorCode.StateConflict,
        'This opportunity runs machine version 1: migrate it to version 2 to file with the Benefits API.',
      );
    const fr = o.fundRequests.filter((r) => r.tranche === tranche).at(-1);
    if (fr === undefined) throw new AppError(ErrorCode.NotFound, `No ${tranche} fund request on opportunity ${id}`);
    const benefitId = this.config.aceMapBenefitId;
    if (benefitId === undefined)
      throw new AppError(
        ErrorCode.StateConflict,
        "The MAP benefit's identifier is not configured: set MAPFLOW_ACE_MAP_BENEFIT_ID (the Benefits API's ListBenefits, program MAP).",
      );
    return benefitApplicationRequest(o, fr, {
      catalog: this.config.aceCatalog,
      benefitId,
      region: this.config.aceRegion,
    });
  }
}
