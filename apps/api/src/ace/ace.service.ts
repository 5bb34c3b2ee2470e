import { Inject, Injectable } from '@nestjs/common';
import type { CreateOpportunityRequest } from '@aws-sdk/client-partnercentral-selling';
import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { aceExportMissing, createOpportunityRequest } from './ace-export';

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
}
