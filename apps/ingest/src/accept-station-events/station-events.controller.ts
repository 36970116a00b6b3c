import { Body, Controller, HttpCode, HttpStatus, Inject, Post, UseGuards } from '@nestjs/common';
import { StationEventBatchDto, StationEventDto, type StationStamp } from '#contracts';
import { AuthenticatedStation } from '../auth/authenticated-station.decorator.js';
import { StationAuthGuard } from '../auth/station-auth.guard.js';
import { JsonBodyGuard } from '../common/json-body.guard.js';
import { AcceptStationEventsUseCase, type EventReceipt } from './accept-station-events.use-case.js';

/** Station terminals post here. 202 means Kafka holds the event; the tracker decides on it asynchronously. */
@Controller('v1/events')
// Authentication first: an unauthenticated caller learns nothing else about the request.
@UseGuards(StationAuthGuard, JsonBodyGuard)
export class StationEventsController {
  constructor(
    @Inject(AcceptStationEventsUseCase) private readonly acceptEvents: AcceptStationEventsUseCase,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async postOne(
    @AuthenticatedStation() station: StationStamp,
    @Body() event: StationEventDto,
  ): Promise<{ events: EventReceipt[] }> {
    return { events: await this.acceptEvents.execute({ station, events: [event], batch: false }) };
  }

  @Post('batch')
  @HttpCode(HttpStatus.ACCEPTED)
  async postBatch(
    @AuthenticatedStation() station: StationStamp,
    @Body() body: StationEventBatchDto,
  ): Promise<{ events: EventReceipt[] }> {
    return { events: await this.acceptEvents.execute({ station, events: body.events, batch: true }) };
  }
}
