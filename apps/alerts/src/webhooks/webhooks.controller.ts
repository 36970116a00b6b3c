import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { AccessGuard, CurrentPrincipal, RequireRole, type Principal } from '#platform';
import { CreateWebhookDto } from './create-webhook.dto.js';
import { RegisterWebhookUseCase } from './register-webhook.use-case.js';
import { RemoveWebhookUseCase } from './remove-webhook.use-case.js';
import { SendTestWebhookUseCase } from './send-test-webhook.use-case.js';
import { WebhookParamsDto } from './webhook-params.dto.js';
import type { DeliveryView, TestDeliveryView, WebhookView } from './webhook.view.js';
import { WebhooksQuery } from './webhooks.query.js';

@Controller('v1/webhooks')
@UseGuards(AccessGuard)
@RequireRole('admin')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksQuery,
    private readonly register: RegisterWebhookUseCase,
    private readonly remove: RemoveWebhookUseCase,
    private readonly sendTest: SendTestWebhookUseCase,
  ) {}

  @Post()
  create(@Body() body: CreateWebhookDto, @CurrentPrincipal() actor: Principal): Promise<WebhookView> {
    return this.register.execute(body, actor);
  }

  @Get()
  async list(): Promise<{ items: WebhookView[] }> {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  get(@Param() params: WebhookParamsDto): Promise<WebhookView> {
    return this.webhooks.get(params.id);
  }

  /** The webhook's most recent deliveries, newest first: failed ones show why. */
  @Get(':id/deliveries')
  async deliveries(@Param() params: WebhookParamsDto): Promise<{ items: DeliveryView[] }> {
    return { items: await this.webhooks.deliveries(params.id) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@Param() params: WebhookParamsDto, @CurrentPrincipal() actor: Principal): Promise<void> {
    return this.remove.execute(params.id, actor);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  test(@Param() params: WebhookParamsDto): Promise<TestDeliveryView> {
    return this.sendTest.execute(params.id);
  }
}
