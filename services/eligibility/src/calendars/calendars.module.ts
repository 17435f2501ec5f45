import { Module } from '@nestjs/common';
import { HolidayCalendarsController } from './holiday-calendars.controller';

/** The national holiday calendar (节假日安排) as managed, published data. */
@Module({ controllers: [HolidayCalendarsController] })
export class CalendarsModule {}
