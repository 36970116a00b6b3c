import { Controller, Get, Header, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CYCLONEDX_JSON } from '#contracts';
import { Public } from '#platform';
import { ApiManagerAccess, ApiProblems } from '../common/api-access.decorator.js';
import { PassportParamsDto, PassportVersionQueryDto, ShipmentQueryDto } from './passport.dto.js';
import { PassportQuery } from './passport.query.js';

@ApiTags('passports')
@Controller('v1')
export class PassportsController {
  constructor(private readonly passports: PassportQuery) {}

  @Get('racks/:serial/passport')
  @ApiManagerAccess()
  @ApiOperation({
    summary: "A shipped rack's signed passport: CycloneDX 1.6, as-built at ship time with its test evidence",
    description:
      'Signed with Ed25519 in CycloneDX JSF form over the RFC 8785 canonical JSON of the document without ' +
      '`signature.value`; verify with the keys of GET /v1/passport-keys (`npm run passport:verify -- FILE`).',
  })
  @ApiProduces(CYCLONEDX_JSON)
  @ApiOkResponse({
    description: 'The passport, exactly as it was signed',
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'A CycloneDX 1.6 BOM with a JSF `signature`',
    },
  })
  @ApiProblems(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  async passport(
    @Param() params: PassportParamsDto,
    @Query() query: PassportVersionQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const stored = await this.passports.passport(params.serial, query.version);
    response.setHeader('Content-Type', `${CYCLONEDX_JSON}; charset=utf-8`);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="passport-${stored.rackSerial}-v${stored.version}.cdx.json"`,
    );
    return stored.document;
  }

  @Get('passport-keys')
  @Public()
  @ApiSecurity({})
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary:
      'The public keys passports are signed with (JWKS), every key ever used, so old passports still verify',
  })
  @ApiOkResponse({
    description: 'A JSON Web Key Set of Ed25519 public keys',
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kty', 'crv', 'x', 'kid', 'alg', 'use'],
            properties: {
              kty: { type: 'string', enum: ['OKP'] },
              crv: { type: 'string', enum: ['Ed25519'] },
              x: { type: 'string', description: 'The public key, base64url' },
              kid: { type: 'string' },
              alg: { type: 'string', enum: ['EdDSA'] },
              use: { type: 'string', enum: ['sig'] },
            },
          },
        },
      },
    },
  })
  keys(): Promise<{ keys: unknown[] }> {
    return this.passports.keys();
  }

  @Get('passports')
  @ApiManagerAccess()
  @ApiOperation({
    summary: "A shipment's passports as NDJSON (one signed passport per line), streamed by ship time",
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'One passport per line, in ship order; every version of a re-sealed rack',
    schema: { type: 'string', description: 'Newline-delimited JSON: one signed CycloneDX passport per line' },
  })
  @ApiProblems(HttpStatus.BAD_REQUEST)
  async shipment(@Query() query: ShipmentQueryDto, @Res() response: Response): Promise<void> {
    response.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    const filter = {
      siteId: query.site,
      shippedFrom: query.shippedFrom === undefined ? undefined : new Date(query.shippedFrom),
      shippedTo: query.shippedTo === undefined ? undefined : new Date(query.shippedTo),
    };
    for await (const passport of this.passports.shipment(filter)) {
      // Respect backpressure: a slow reader must not make the api buffer the whole shipment.
      if (!response.write(`${passport.document}\n`))
        await new Promise((resolve) => response.once('drain', resolve));
      if (response.destroyed) return;
    }
    response.end();
  }
}
