import { Module } from '@nestjs/common';
import { RackQuery } from './rack.query.js';
import { RacksController } from './racks.controller.js';

/** `GET /v1/racks`: where every rack is and how it got there. */
@Module({ controllers: [RacksController], providers: [RackQuery] })
export class RacksModule {}
