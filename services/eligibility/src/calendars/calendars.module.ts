import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DueDateDating } from './due-date-dating';
import { HolidayCalendarsController } from './holiday-calendars.controller';

/** The national holiday calendar (节假日安排) as managed, published data; 期限补定 when a year arrives. */
@Module({ imports: [ReadModelsModule], controllers: [HolidayCalendarsController], providers: [DueDateDating], exports: [DueDateDating] })
export class CalendarsModule {}
