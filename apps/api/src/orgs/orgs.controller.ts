import { Body, Controller, Delete, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreateInvitationDto,
  InvitationDto,
  CreateOrgDto,
  LinkPartnerDto,
  OrgResponseDto,
  PartnerLinkDto,
  PartnerLinkListDto,
} from './dto';
import { LinkStatusInterceptor } from './link-status.interceptor';
import { LinkOutcome, OrgsService } from './orgs.service';
import { PeopleService } from '../people/people.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/orgs')
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly people: PeopleService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an org (ops only)' })
  @ApiCreatedResponse({ type: OrgResponseDto })
  @ApiProblems(400, 401, 403, 429)
  create(@Body() dto: CreateOrgDto): Promise<OrgResponseDto> {
    return this.orgs.create(dto);
  }

  @Post(':id/api-keys')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Mint an API key for a new user of the org (ops only); the key is shown once',
  })
  @ApiCreatedResponse({ type: ApiKeyResponseDto })
  @ApiProblems(400, 401, 403, 404, 429)
  mintKey(@UuidParam('id') id: string, @Body() dto: CreateApiKeyDto): Promise<ApiKeyResponseDto> {
    return this.orgs.mintKey(id, dto.userName);
  }

  @Post(':id/invitations')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Invite a person to the org (ops only): the answer holds the link they open to set a password and sign in to the web app; single use, valid 72 hours, shown once',
  })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiProblems(400, 401, 403, 404, 409, 429)
  invite(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Body() dto: CreateInvitationDto,
  ): Promise<InvitationDto> {
    return this.people.invite(caller, id, dto.email);
  }

  @Post(':customerId/partners')
  @HttpCode(201)
  @UseInterceptors(LinkStatusInterceptor)
  @ApiOperation({
    summary:
      'Link a partner to a customer (ops only): the partner may then open opportunities for it. Idempotent: an existing link answers 200',
  })
  @ApiCreatedResponse({ type: PartnerLinkDto, description: 'The new link' })
  @ApiOkResponse({ type: PartnerLinkDto, description: 'The partner was linked already: the link, unchanged' })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  link(
    @CurrentCaller() caller: Caller,
    @UuidParam('customerId') customerId: string,
    @Body() dto: LinkPartnerDto,
  ): Promise<LinkOutcome> {
    return this.orgs.link(caller, customerId, dto.partnerOrgId);
  }

  @Get(':customerId/partners')
  @ApiOperation({ summary: "List a customer's partners: the partner orgs linked to it (ops only)" })
  @ApiOkResponse({ type: PartnerLinkListDto })
  @ApiProblems(400, 401, 403, 404, 429)
  links(@UuidParam('customerId') customerId: string): Promise<PartnerLinkListDto> {
    return this.orgs.links(customerId);
  }

  @Delete(':customerId/partners/:partnerOrgId')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unlink a partner from a customer (ops only): it may open no new opportunity for it; those it has stay',
  })
  @ApiNoContentResponse({ description: 'The link is removed' })
  @ApiProblems(400, 401, 403, 404, 429)
  unlink(@UuidParam('customerId') customerId: string, @UuidParam('partnerOrgId') partnerOrgId: string): Promise<void> {
    return this.orgs.unlink(customerId, partnerOrgId);
  }
}
