import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Liveness and database reachability: 200, or 503 while the database is down; `info.runtime.node` names the Node.js version',
    // @Public: no key, and no rate limit.
    security: [],
  })
  @ApiOkResponse({ description: 'The API and its database answer' })
  // No key, no input and no rate limit: only the headers can be refused.
  @ApiProblems(431)
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1500 }),
      () => this.indicator.check('runtime').up({ node: process.version }),
    ]);
  }
}
