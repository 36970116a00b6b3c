import { Module } from '@nestjs/common';
import { RejectionQuery } from './rejection.query.js';
import { RejectionsController } from './rejections.controller.js';

/** `GET /v1/rejections`: the events the tracker refused, to be corrected and re-posted. */
@Module({ controllers: [RejectionsController], providers: [RejectionQuery] })
export class RejectionsModule {}
