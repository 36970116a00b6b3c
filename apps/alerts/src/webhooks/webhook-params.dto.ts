import { IsUUID } from 'class-validator';

export class WebhookParamsDto {
  @IsUUID('all', { message: 'id must be a webhook id (a UUID)' })
  id: string;
}
