import { Controller, Get, Param } from '@nestjs/common';
import type { CreateBenefitApplicationInput } from '@aws-sdk/client-partnercentral-benefits';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CreateOpportunityRequest } from '@aws-sdk/client-partnercentral-selling';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { AceService } from './ace.service';

/** ACE interop (design/ace.md): what mapflow would send to AWS Partner Central. */
@ApiTags('ace')
@ApiBearerAuth()
@Controller('v1/opportunities')
export class AceController {
  constructor(private readonly ace: AceService) {}

  @Get(':id/ace')
  @Roles('partner', 'ops')
  @ApiOperation({
    summary: "The opportunity as Partner Central's CreateOpportunity request (ACE's enums), for its partner and ops",
  })
  @ApiOkResponse({
    description: 'The request, typed by @aws-sdk/client-partnercentral-selling',
    schema: {
      type: 'object',
      example: {
        Catalog: 'AWS',
        ClientToken: 'mapflow-5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10',
        Origin: 'Partner Referral',
        OpportunityType: 'Net New Business',
        Project: {
          ApnPrograms: ['Migration Acceleration Program'],
          ExpectedCustomerSpend: [
            { Amount: '11000.00', CurrencyCode: 'USD', Frequency: 'Monthly', TargetCompany: 'AWS' },
          ],
        },
        LifeCycle: { Stage: 'Qualified', TargetCloseDate: '2027-06-01' },
      },
    },
  })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  export(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<CreateOpportunityRequest> {
    return this.ace.export(caller, id);
  }

  @Get(':id/fund-requests/:tranche/benefit-application')
  @Roles('partner', 'ops')
  @ApiOperation({
    summary:
      "A fund request as the Partner Central Benefits API's CreateBenefitApplication request, for the partner to file",
  })
  @ApiOkResponse({
    description: 'The request, typed by @aws-sdk/client-partnercentral-benefits',
    schema: {
      type: 'object',
      example: {
        Catalog: 'AWS',
        ClientToken: 'mapflow-5f0c6a52-8a3e-4c1b-9f57-3a6a2f7d1e10-mobilize',
        BenefitIdentifier: 'ben-map-0123456789',
        Name: 'MAP Mobilize Project - Acme',
        FulfillmentTypes: ['CASH'],
        BenefitApplicationDetails: {
          program: 'MAP',
          tranche: 'mobilize_partner_funding',
          amount: { value: '26400.00', currencyCode: 'USD' },
        },
      },
    },
  })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  benefitApplication(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Param('tranche') tranche: string,
  ): Promise<CreateBenefitApplicationInput> {
    return this.ace.benefitApplication(caller, id, tranche);
  }
}
