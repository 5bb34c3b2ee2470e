import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { CheckpointDto } from './checkpoint.dto';
import { CheckpointsService } from './checkpoints.service';
import { CheckpointVerdictDto } from './dto/verdict.response';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('ops')
@Controller('v1/audit/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint over every chain head (ops); keep it somewhere else' })
  @ApiCreatedResponse({ type: CheckpointDto, description: 'The signed checkpoint: POST it to verify to check it' })
  @ApiProblems(401, 403, 429)
  create(): Promise<CheckpointDto> {
    return this.checkpoints.create();
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Prove every chain a checkpoint covered is a prefix of today’s chain (ops)' })
  @ApiOkResponse({ type: CheckpointVerdictDto, description: 'The verdict, with every chain that failed and why' })
  @ApiProblems(400, 401, 403, 413, 429)
  verify(@Body() checkpoint: CheckpointDto): Promise<CheckpointVerdictDto> {
    return this.checkpoints.verify(checkpoint);
  }
}
