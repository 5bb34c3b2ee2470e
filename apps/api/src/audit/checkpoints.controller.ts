import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Checkpoint, CheckpointVerdict } from '@mapflow/audit';
import { Roles } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { CheckpointDto } from './checkpoint.dto';
import { CheckpointsService } from './checkpoints.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/audit/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint over every chain head (ops); keep it somewhere else' })
  @ApiCreatedResponse({ description: '{ format, createdAt, count, digest, keyId, heads, publicKey, signature }' })
  @ApiProblems(401, 403, 429)
  create(): Promise<Checkpoint> {
    return this.checkpoints.create();
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Prove every chain a checkpoint covered is a prefix of today’s chain (ops)' })
  @ApiOkResponse({ description: '{ valid, checkedChains, checkedEntries, failures }' })
  @ApiProblems(400, 401, 403, 413, 429)
  verify(@Body() checkpoint: CheckpointDto): Promise<CheckpointVerdict> {
    return this.checkpoints.verify(checkpoint);
  }
}
