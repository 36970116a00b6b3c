import { Controller, Get, Header } from '@nestjs/common';
import { MetricsRegistry } from './metrics.registry.js';
import { Public } from './access/access.decorators.js';

@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
