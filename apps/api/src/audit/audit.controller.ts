import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { ChainVerdict } from '@mapflow/audit';
import { Caller, CurrentCaller } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { AuditPageQuery } from './audit-page.dto';
import { AuditPage, AuditService } from './audit.service';
import { acceptsNdjson, ndjsonFile } from './ndjson';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/opportunities/:id/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'The audit entries with their hashes: JSON pages, or all of them as NDJSON (Accept: application/x-ndjson)',
  })
  @ApiProduces('application/json', 'application/x-ndjson')
  @ApiOkResponse({ description: '{ items: [{ opportunityId, seq, prevHash, hash, entry }], nextAfterSeq }, or NDJSON' })
  @ApiProblems(400, 401, 404, 429)
  export(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Query() query: AuditPageQuery,
  ): Promise<AuditPage | StreamableFile> {
    return acceptsNdjson(accept) ? this.audit.lines(caller, id).then(ndjsonFile) : this.audit.page(caller, id, query);
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Check every link and hash, then replay the events through the machine against the snapshot',
  })
  @ApiOkResponse({ description: '{ valid, entries, headHash, firstBadSeq, reason }' })
  @ApiProblems(400, 401, 404, 429)
  verify(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<ChainVerdict> {
    return this.audit.verify(caller, id);
  }
}
