import { Body, Controller, Get, Headers, HttpCode, Post, Query, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { MACHINE_VERSIONS } from '@mapflow/workflow';
import { Caller, CurrentCaller } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { CreateOpportunityDto, DiagramQuery, ListOpportunitiesQuery, MigrateOpportunityDto, ProfileDto } from './dto';
import { FindingsDto } from './dto/findings.response';
import { OpportunityPageDto } from './dto/opportunity-page.response';
import { OpportunityDto } from './dto/opportunity-read.response';
import { OpportunityV2Dto } from './dto/opportunity-read-v2.response';
import { TriageResultDto } from './dto/triage.response';
import { diagramFile } from './diagram-file';
import { EtagInterceptor } from './etag.interceptor';
import { DTOS_BY_VERSION, type CheckedEventBody } from './event-body';
import { EventBodyPipe } from './event-body.pipe';
import { EVENT_BODY_EXAMPLES } from './event-examples';
import { parseIfMatch } from './if-match';
import { OpportunityCommandsService } from './opportunity-commands.service';
import { OpportunityDiagramService } from './opportunity-diagram.service';
import { OpportunityRead, OpportunityReadsService } from './opportunity-reads.service';

/** Every event body class of every machine version, each once (version 2 keeps version 1's unchanged bodies). */
const EVENT_CLASSES = [...new Set(MACHINE_VERSIONS.flatMap((v) => Object.values(DTOS_BY_VERSION[v])))];

/**
 * The events body in /docs: one of the machine versions' bodies (anyOf), each version a oneOf of its classes
 * with its own discriminator on `type` (one schema per type within a version; a body that did not
 * change is valid for both versions, so the versions are an anyOf, not a oneOf).
 */
const EVENT_BODY_SCHEMA = {
  anyOf: MACHINE_VERSIONS.map((version) => {
    const dtos = Object.entries(DTOS_BY_VERSION[version]);
    return {
      title: `Machine version ${version}`,
      description: `An event of an opportunity that runs machine version ${version}`,
      oneOf: dtos.map(([, cls]) => ({ $ref: getSchemaPath(cls) })),
      discriminator: {
        propertyName: 'type',
        mapping: Object.fromEntries(dtos.map(([type, cls]) => [type, getSchemaPath(cls)])),
      },
    };
  }),
};

/** An opportunity's read in /docs: the schema of the machine version it runs, told apart by `machineVersion`. */
const OPPORTUNITY_READ_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(OpportunityDto) }, { $ref: getSchemaPath(OpportunityV2Dto) }],
  discriminator: {
    propertyName: 'machineVersion',
    mapping: { '1': getSchemaPath(OpportunityDto), '2': getSchemaPath(OpportunityV2Dto) },
  },
};

@ApiTags('opportunities')
@ApiBearerAuth()
@ApiExtraModels(...EVENT_CLASSES, OpportunityDto, OpportunityV2Dto)
@Controller('v1')
export class OpportunitiesController {
  constructor(
    private readonly commands: OpportunityCommandsService,
    private readonly reads: OpportunityReadsService,
    private readonly diagrams: OpportunityDiagramService,
  ) {}

  @Post('triage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Step 0: triage a complete profile into MAP, REFERRAL, ACTIVATE or INELIGIBLE, with reasons',
  })
  @ApiOkResponse({ type: TriageResultDto, description: 'The program, its ladder, EDP candidacy and the reasons' })
  @ApiProblems(400, 401, 429)
  triage(@Body() profile: ProfileDto): TriageResultDto {
    return this.reads.triage(profile);
  }

  @Post('opportunities')
  @HttpCode(201)
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({
    summary:
      "Create an opportunity owned by the caller's partner org (partners only), for a customer linked to it; every other customer org is 404",
  })
  @ApiCreatedResponse({
    type: OpportunityV2Dto,
    description: 'The opportunity, on the latest machine version (2), as GET answers it; ETag carries its version',
  })
  @ApiProblems(400, 401, 403, 404, 409, 422, 429)
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateOpportunityDto): Promise<OpportunityRead> {
    return this.commands.create(caller, dto);
  }

  @Get('opportunities')
  @ApiOperation({ summary: 'List the opportunities the caller may see, newest first: { items, nextCursor }' })
  @ApiOkResponse({
    type: OpportunityPageDto,
    description: 'A page of opportunities (nextCursor null on the last page)',
  })
  @ApiProblems(400, 401, 429)
  list(@CurrentCaller() caller: Caller, @Query() query: ListOpportunitiesQuery): Promise<OpportunityPageDto> {
    return this.reads.list(caller, query);
  }

  @Get('opportunities/:id')
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({ summary: 'Read one opportunity: phase, state, gate, checklist, waves, fund requests, funding' })
  @ApiOkResponse({
    schema: OPPORTUNITY_READ_SCHEMA,
    description:
      'The opportunity, in the read of the machine version it runs (`machineVersion`); ETag: "<version>". `links` names its related routes: self, events, findings, diagram, audit, verify',
  })
  @ApiProblems(400, 401, 404, 429)
  read(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<OpportunityRead> {
    return this.reads.read(caller, id);
  }

  @Post('opportunities/:id/events')
  @HttpCode(200)
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({
    summary: 'Send one lifecycle event; requires If-Match with the ETag of your last read',
    description:
      "The body follows the machine version the opportunity runs (`machineVersion` in its read): each event type's " +
      'body is the schema of that version, named `...V2Dto` where version 2 changed it; the examples name the ' +
      'version when the bodies differ. A body valid for no version is 400; an event of another version only is 409.',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of your last read, e.g. "3"' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Replays the first answer on a retry' })
  @ApiBody({
    schema: EVENT_BODY_SCHEMA,
    examples: EVENT_BODY_EXAMPLES,
  })
  @ApiOkResponse({
    schema: OPPORTUNITY_READ_SCHEMA,
    description: 'The opportunity after the event, in the read of its machine version, with its new version and ETag',
  })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422, 428, 429)
  send(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body(EventBodyPipe) event: CheckedEventBody,
  ): Promise<OpportunityRead> {
    return this.commands.send(caller, id, parseIfMatch(ifMatch), event);
  }

  @Post('opportunities/:id/migrate')
  @HttpCode(200)
  @UseInterceptors(EtagInterceptor)
  @ApiOperation({
    summary:
      'Move a version-1 opportunity to machine version 2 (its partner, with If-Match): allowed in intake or assess with no credit tranche filed; 409 naming why elsewhere, and it finishes on version 1',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag of your last read, e.g. "3"' })
  @ApiOkResponse({ type: OpportunityV2Dto, description: 'The opportunity on version 2, with its new version and ETag' })
  @ApiProblems(400, 401, 403, 404, 409, 412, 428, 429)
  migrate(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() _dto: MigrateOpportunityDto,
  ): Promise<OpportunityRead> {
    return this.commands.migrate(caller, id, parseIfMatch(ifMatch));
  }

  @Get('opportunities/:id/findings')
  @ApiOperation({ summary: 'Money left on the table: findings with the dollars at stake where computable' })
  @ApiOkResponse({ type: FindingsDto, description: 'The findings, with the dollars at stake where computable' })
  @ApiProblems(400, 401, 404, 429)
  findings(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<FindingsDto> {
    return this.reads.findings(caller, id);
  }

  @Get('opportunities/:id/diagram')
  @ApiOperation({
    summary:
      'The state machine, generated from its definition, with the current state filled and the path taken highlighted',
  })
  @ApiProduces('image/svg+xml', 'text/plain')
  @ApiOkResponse({
    description:
      'format=svg (default): an SVG image (image/svg+xml). format=mermaid: the Mermaid flowchart source (text/plain; charset=utf-8)',
    content: {
      'image/svg+xml': { schema: { type: 'string', example: '<svg ...>...</svg>' } },
      'text/plain': { schema: { type: 'string', example: 'flowchart LR\n  start_(("start")) --> s_intake\n  ...' } },
    },
  })
  @ApiProblems(400, 401, 404, 429)
  diagram(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Query() query: DiagramQuery,
  ): Promise<StreamableFile> {
    return this.diagrams.render(caller, id, query.format).then(diagramFile);
  }
}
