import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CheckJurisdiction, Roles } from '@sa/auth';
import { type Page, PageQueryDto, pageRequest } from '@sa/platform';
import { ListReviewQueueQuery, type ReviewQueueItem } from './list-review-queue.handler';

/** Work queues of periodic reviews per jurisdiction: due soon (or due) and overdue, as of the clock's today; paged. */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller('follow-up/jurisdictions/:code/reviews')
export class ReviewQueuesController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('due-soon')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Periodic reviews due soon or due this month: { items, total, page, pageSize }' })
  dueSoon(@Param('code') code: string, @Query() query: PageQueryDto): Promise<Page<ReviewQueueItem>> {
    return this.queryBus.execute(new ListReviewQueueQuery(code, 'DUE_SOON', pageRequest(query)));
  }

  @Get('overdue')
  @Roles('community_officer', 'street_officer', 'street_reviewer')
  @CheckJurisdiction({ param: 'code' })
  @ApiOperation({ summary: 'Periodic reviews not completed by the end of their due month: { items, total, page, pageSize }' })
  overdue(@Param('code') code: string, @Query() query: PageQueryDto): Promise<Page<ReviewQueueItem>> {
    return this.queryBus.execute(new ListReviewQueueQuery(code, 'OVERDUE', pageRequest(query)));
  }
}
