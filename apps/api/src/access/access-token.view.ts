import { ApiProperty } from '@nestjs/swagger';
import type { AccessTokenRecord } from '#persistence';
import { ACCESS_ROLES } from '#platform';
import type { Plain } from '../common/plain.js';
import { ApiDateTime, ApiDateTimeOrNull } from '../common/date-time.view.js';

/** An issued token as listed: never the token or its hash. */
export class AccessTokenView {
  @ApiProperty({
    example: '12',
    description: 'bigint as a string; the audit log names its holder `token:<id>`',
  })
  id: string;

  @ApiProperty({ example: 'Line 2 wall screen' })
  name: string;

  @ApiProperty({ enum: ACCESS_ROLES })
  role: string;

  @ApiProperty({ example: 'admin-token', description: 'The actor that issued it' })
  createdBy: string;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTimeOrNull()
  revokedAt: string | null;
}

export class IssuedAccessTokenView extends AccessTokenView {
  @ApiProperty({
    example: 'tk_3q2-7wEXAMPLEexampleEXAMPLEexampleEXAMPLE12',
    description: 'The bearer token. Shown this once: only its SHA-256 is stored.',
  })
  token: string;
}

export class AccessTokenList {
  @ApiProperty({ type: [AccessTokenView] })
  items: AccessTokenView[];
}

export function toAccessTokenView(record: AccessTokenRecord): Plain<AccessTokenView> {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
  };
}
