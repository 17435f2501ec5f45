import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '../read-models/read-models.module';
import { DueDateDating } from './due-date-dating';
import { HolidayCalendarsController } from './holiday-calendars.controller';
import { GetHolidayCalendarHandler, ListHolidayCalendarsHandler, PublishHolidayScheduleHandler } from './holiday-calendars.handlers';

/**
 * The national holiday calendar (节假日安排) as managed, published data (controller → CommandBus / QueryBus →
 * handlers); 期限补定 when a year arrives.
 */
@Module({
  imports: [CqrsModule, ReadModelsModule],
  controllers: [HolidayCalendarsController],
  providers: [DueDateDating, PublishHolidayScheduleHandler, ListHolidayCalendarsHandler, GetHolidayCalendarHandler],
  exports: [DueDateDating],
})
export class CalendarsModule {}
