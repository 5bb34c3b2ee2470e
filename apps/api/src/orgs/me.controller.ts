import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { MeDto } from './dto';
import { OrgsService } from './orgs.service';

/** Who is calling: every signed-in caller, about itself only. */
@ApiTags('orgs')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  constructor(private readonly orgs: OrgsService) {}

  @Get()
  @ApiOperation({
    summary:
      "Who the caller is: its user and its org (the bootstrap ops key's holder finds the ops org here, to invite themselves)",
  })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401, 429)
  me(@CurrentCaller() caller: Caller): Promise<MeDto> {
    return this.orgs.me(caller);
  }
}
