import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { AuditPageQuery } from './audit-page.dto';
import { AuditService } from './audit.service';
import { AuditPageDto, ChainLinkDto } from './dto/audit-page.response';
import { ChainVerdictDto } from './dto/verdict.response';
import { acceptsNdjson, ndjsonFile } from './ndjson';

@ApiTags('audit')
@ApiBearerAuth()
@ApiExtraModels(AuditPageDto, ChainLinkDto)
@Controller('v1/opportunities/:id/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit entries with their hashes: JSON pages, or all of them as NDJSON (Accept: application/x-ndjson)',
  })
  @ApiProduces('application/json', 'application/x-ndjson')
  @ApiOkResponse({
    description: 'A page of entries (nextAfterSeq null on the last page), or every entry as NDJSON: one link a line',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditPageDto) } },
      'application/x-ndjson': { schema: { $ref: getSchemaPath(ChainLinkDto) } },
    },
  })
  @ApiProblems(400, 401, 404, 429)
  export(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Query() query: AuditPageQuery,
  ): Promise<AuditPageDto | StreamableFile> {
    return acceptsNdjson(accept) ? this.audit.lines(caller, id).then(ndjsonFile) : this.audit.page(caller, id, query);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Check every link and hash, then replay the events through the machine against the snapshot',
  })
  @ApiOkResponse({ type: ChainVerdictDto, description: 'The verdict: valid, or the first bad entry and why' })
  @ApiProblems(400, 401, 404, 429)
  verify(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<ChainVerdictDto> {
    return this.audit.verify(caller, id);
  }
}
