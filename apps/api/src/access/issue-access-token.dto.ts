import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { ACCESS_ROLES, type AccessRole } from '#platform';

/** `POST /v1/tokens` body. */
export class IssueAccessTokenDto {
  @ApiProperty({
    example: 'Line 2 wall screen',
    description: 'Who or what holds it; 1-100 printable characters',
  })
  @IsString()
  @Matches(/^[^\p{Cc}]{1,100}$/u, { message: 'name must be 1-100 characters without control characters' })
  name: string;

  @ApiProperty({
    enum: ACCESS_ROLES,
    description: '`manager` reads everything; `admin` also changes configuration',
  })
  @IsIn(ACCESS_ROLES, { message: `role must be one of: ${ACCESS_ROLES.join(', ')}` })
  role: AccessRole;
}

export class AccessTokenParamsDto {
  @ApiProperty({ example: '12' })
  @Matches(/^[1-9]\d{0,17}$/, { message: 'id must be a token id (a positive integer)' })
  id: string;
}
