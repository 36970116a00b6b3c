import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  registerDecorator,
} from 'class-validator';
import { STATION_EVENT_LIMITS, WEBHOOK_KINDS, type WebhookKind } from '#contracts';
import { ALERT_SEVERITIES, type AlertSeverity } from '#domain';
import { webhookUrlProblem } from './webhook-url.js';

/** Validates a webhook URL with the reason `webhookUrlProblem` gives, alongside the other fields' errors. */
function IsWebhookUrl() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName,
      options: { message: (arguments_) => webhookUrlProblem(arguments_.value) ?? 'url is invalid' },
      validator: { validate: (value: unknown) => webhookUrlProblem(value) === null },
    });
}

/** Why a secret does not suit the webhook's kind, or null when it does. */
export function secretProblem(kind: unknown, secret: unknown): string | null {
  if (kind !== 'generic')
    return secret === undefined
      ? null
      : 'secret is only used by the generic kind (chat URLs carry their own credentials)';
  if (typeof secret !== 'string' || secret.length < 16 || secret.length > 512) {
    return 'secret must be 16 to 512 characters: the generic kind signs every body with it';
  }
  return null;
}

/** The secret is required by the generic kind, which signs with it, and refused by the others, which would ignore it. */
function SuitsKind() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'suitsKind',
      target: target.constructor,
      propertyName,
      options: {
        message: (arguments_) =>
          secretProblem((arguments_.object as CreateWebhookDto).kind, arguments_.value) ??
          'secret is invalid',
      },
      validator: {
        validate: (value: unknown, arguments_) =>
          secretProblem((arguments_?.object as CreateWebhookDto | undefined)?.kind, value) === null,
      },
    });
}

/** `POST /v1/webhooks`. */
export class CreateWebhookDto {
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @IsWebhookUrl()
  url: string;

  @IsIn(WEBHOOK_KINDS, { message: `kind must be one of: ${WEBHOOK_KINDS.join(', ')}` })
  kind: WebhookKind;

  /** The HMAC-SHA256 key of the generic kind's X-Signature; required there, refused elsewhere. */
  @SuitsKind()
  secret?: string;

  /** Sites whose alerts it receives; empty or absent: every site. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(STATION_EVENT_LIMITS.identifierPattern, {
    each: true,
    message: 'each siteId must be 1-64 characters of letters, digits and . _ : / -',
  })
  siteIds: string[] = [];

  /** The least severe alert it receives; a resolve reaches it when the alert at its worst did. */
  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `minSeverity must be one of: ${ALERT_SEVERITIES.join(', ')}` })
  minSeverity: AlertSeverity = 'info';
}
