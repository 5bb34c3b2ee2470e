import { Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { AuthService } from './auth.service';
import { Roles } from './caller';

@ApiTags('orgs')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly auth: AuthService) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Revoke an API key (ops only): every instance refuses it within 10 seconds (the caller cache). Revoking it again changes nothing',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 401, 403, 404, 429)
  revoke(@UuidParam('id') id: string): Promise<void> {
    return this.auth.revokeKey(id);
  }
}
