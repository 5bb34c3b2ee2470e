import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { ApiKeyResponseDto, CreateApiKeyDto, CreateOrgDto, OrgResponseDto } from './dto';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

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
}
