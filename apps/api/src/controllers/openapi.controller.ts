import { Controller, Get } from '@nestjs/common';
import { OPENAPI_DOCUMENT } from '../openapi/openapi.document.js';

@Controller('v1/openapi.json')
export class OpenApiController {
  @Get()
  document(): typeof OPENAPI_DOCUMENT {
    return OPENAPI_DOCUMENT;
  }
}
