import { Module } from '@nestjs/common';
import { PassportQuery } from './passport.query.js';
import { PassportsController } from './passports.controller.js';

/** `/v1/racks/{serial}/passport`, `/v1/passports` (NDJSON), `/v1/passport-keys` (JWKS). The tracker seals them. */
@Module({ controllers: [PassportsController], providers: [PassportQuery] })
export class PassportsModule {}
