import { Module } from '@nestjs/common';
import { PutRouteUseCase } from './put-route.use-case.js';
import { RouteQuery } from './route.query.js';
import { RoutesController } from './routes.controller.js';

/** `/v1/routes`: each rack model's route, read by managers and changed (audited) by admins. */
@Module({ controllers: [RoutesController], providers: [RouteQuery, PutRouteUseCase] })
export class RoutesModule {}
