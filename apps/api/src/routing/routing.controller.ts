import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { ChainVerdictDto } from '../audit/dto/verdict.response';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import {
  AcceptedOfferDto,
  CreateInquiryDto,
  CreateOfferDto,
  DeclineOfferDto,
  InquiryDetailDto,
  InquiryDto,
  InquiryListDto,
  OfferDto,
  OfferListDto,
  PartnerProfileDto,
  PartnerProfileResponseDto,
  RoutingReportDto,
} from './dto/routing.dto';
import { InquiriesService } from './inquiries.service';
import { OffersService } from './offers.service';

/** Partner profiles, kept by ops (design/routing.md "Partner profiles"). */
@ApiTags('routing')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/orgs')
export class PartnerProfilesController {
  constructor(private readonly inquiries: InquiriesService) {}

  @Put(':id/partner-profile')
  @ApiOperation({
    summary: "Write a partner's profile: platforms, regions, countries, competency, capacity, taking work",
  })
  @ApiOkResponse({ type: PartnerProfileResponseDto })
  @ApiProblems(400, 401, 403, 404, 429)
  put(@UuidParam('id') id: string, @Body() body: PartnerProfileDto): Promise<PartnerProfileResponseDto> {
    return this.inquiries.putProfile(id, body);
  }

  @Get(':id/partner-profile')
  @ApiOperation({ summary: "A partner's profile, with its MAP track record computed from mapflow" })
  @ApiOkResponse({ type: PartnerProfileResponseDto })
  @ApiProblems(400, 401, 403, 404, 429)
  get(@UuidParam('id') id: string): Promise<PartnerProfileResponseDto> {
    return this.inquiries.profile(id);
  }
}

/** Inquiries, for ops (design/routing.md "An inquiry's life", "What ops sees"). */
@ApiTags('routing')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/inquiries')
export class InquiriesController {
  constructor(
    private readonly inquiries: InquiriesService,
    private readonly offers: OffersService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'An inquiry (the website backend sends it with an ops key): triaged at once; a repeat is merged',
  })
  @ApiCreatedResponse({ type: InquiryDto })
  @ApiProblems(400, 401, 403, 429)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateInquiryDto): Promise<InquiryDto> {
    return this.inquiries.receiveFromApi(caller, body);
  }

  @Get()
  @ApiOperation({ summary: 'Inquiries, newest first, each with its SLA clock' })
  @ApiOkResponse({ type: InquiryListDto })
  @ApiProblems(401, 403, 429)
  list(): Promise<InquiryListDto> {
    return this.inquiries.list();
  }

  @Get('report')
  @ApiOperation({ summary: 'Median time to match, share within 24 hours, breaches, acceptance per partner' })
  @ApiOkResponse({ type: RoutingReportDto })
  @ApiProblems(401, 403, 429)
  report(): Promise<RoutingReportDto> {
    return this.inquiries.report();
  }

  @Get(':id')
  @ApiOperation({ summary: 'An inquiry with its offers and its candidates, each with its reasons' })
  @ApiOkResponse({ type: InquiryDetailDto })
  @ApiProblems(400, 401, 403, 404, 429)
  read(@UuidParam('id') id: string): Promise<InquiryDetailDto> {
    return this.inquiries.read(id);
  }

  @Get(':id/audit/verify')
  @ApiOperation({ summary: "Check every link and hash of the inquiry's chain of routing decisions, and its head" })
  @ApiOkResponse({ type: ChainVerdictDto })
  @ApiProblems(400, 401, 403, 404, 429)
  verify(@UuidParam('id') id: string): Promise<ChainVerdictDto> {
    return this.inquiries.verify(id);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "The inquiry's chain of routing decisions, in order" })
  @ApiProblems(400, 401, 403, 404, 429)
  audit(@UuidParam('id') id: string): Promise<{ items: unknown[] }> {
    return this.inquiries.entries(id);
  }

  @Post(':id/offers')
  @HttpCode(201)
  @ApiOperation({ summary: 'Offer the inquiry to a named partner, or to the top candidate; 4 hours to answer' })
  @ApiCreatedResponse({ type: OfferDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  offer(@CurrentCaller() caller: Caller, @UuidParam('id') id: string, @Body() body: CreateOfferDto): Promise<OfferDto> {
    return this.offers.offer(caller, id, body.partnerOrgId);
  }
}

/** A partner's offers (design/routing.md): its open ones; accept or decline each. */
@ApiTags('routing')
@ApiBearerAuth()
@Roles('partner')
@Controller('v1/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Get()
  @ApiOperation({ summary: "The caller's open offers, oldest first" })
  @ApiOkResponse({ type: OfferListDto })
  @ApiProblems(401, 403, 429)
  mine(@CurrentCaller() caller: Caller): Promise<OfferListDto> {
    return this.offers.mine(caller);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept: the customer org when new, the link and the opportunity, in one transaction' })
  @ApiOkResponse({ type: AcceptedOfferDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  accept(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<AcceptedOfferDto> {
    return this.offers.accept(caller, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline, with a reason: the next candidate is offered' })
  @ApiOkResponse({ type: OfferDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  decline(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Body() body: DeclineOfferDto,
  ): Promise<OfferDto> {
    return this.offers.decline(caller, id, body.reason);
  }
}
