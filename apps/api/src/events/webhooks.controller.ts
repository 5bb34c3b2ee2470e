import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../auth/caller';
import { ApiProblems } from '../common/api-problems';
import { UuidParam } from '../common/uuid.pipe';
import { CreateWebhookDto, DeliveryListDto, WebhookListDto, WebhookSecretDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Subscribe the caller's org to events of the opportunities it may see; the signing secret is shown once",
  })
  @ApiCreatedResponse({ type: WebhookSecretDto })
  @ApiProblems(400, 401, 429)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateWebhookDto): Promise<WebhookSecretDto> {
    return this.webhooks.create(caller, body);
  }

  @Get()
  @ApiOperation({ summary: "The org's webhook subscriptions (never their secrets)" })
  @ApiOkResponse({ type: WebhookListDto })
  @ApiProblems(401, 429)
  list(@CurrentCaller() caller: Caller): Promise<WebhookListDto> {
    return this.webhooks.list(caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a subscription and its delivery log' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 404, 429)
  remove(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<void> {
    return this.webhooks.remove(caller, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, shown once; the previous one also signs for 24 hours' })
  @ApiOkResponse({ type: WebhookSecretDto })
  @ApiProblems(400, 401, 404, 429)
  rotate(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<WebhookSecretDto> {
    return this.webhooks.rotate(caller, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts, the last answer' })
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiProblems(400, 401, 404, 429)
  deliveries(@CurrentCaller() caller: Caller, @UuidParam('id') id: string): Promise<DeliveryListDto> {
    return this.webhooks.deliveries(caller, id);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again, in its place in seq order' })
  @ApiProblems(400, 401, 404, 429)
  redeliver(
    @CurrentCaller() caller: Caller,
    @UuidParam('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<void> {
    return this.webhooks.redeliver(caller, id, deliveryId);
  }
}
