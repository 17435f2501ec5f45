import { Controller, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, CheckJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ProblemException, ValidationProblemException } from '@sa/errors';
import { InjectConfig } from '@sa/platform';
import type { Request } from 'express';
import type { FollowUpConfig } from '../config';
import { FEED_KINDS, type FeedKind } from '../domain';
import type { DataFeedImportResult } from './data-feed-importer';
import { ImportDataFeedCommand } from './import-data-feed.handler';

const problem = (status: number, code: string, detail: string, field: string) =>
  new ProblemException(status, { type: `urn:sa:problem:rule:${code}`, title: detail, detail, code, errors: [{ field, message: detail }] });

/** The request body, up to `max` bytes (413 beyond). */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      req.unpipe();
      req.resume();
      throw problem(413, 'data_feed_too_large', `The file is larger than ${max} bytes`, 'file');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** 数据比对 (动态监测, 应停尽停): import a department's file; alerts go to the follow-up review queue. */
@ApiTags('data-feeds')
@ApiBearerAuth()
@Controller('follow-up/jurisdictions/:code/data-feeds')
export class DataFeedsController {
  constructor(
    private readonly commandBus: CommandBus,
    @InjectConfig() private readonly config: FollowUpConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('street_officer', 'county_approver')
  @CheckJurisdiction({ param: 'code' })
  @ApiConsumes('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream')
  @ApiBody({ description: 'The file itself as the raw body (CSV UTF-8 or .xlsx, first sheet); header row = the kind’s template', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'kind', enum: FEED_KINDS })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiOperation({ summary: 'Import a data-comparison file: match by resident ID (blind index) to the cases of the jurisdiction, one DataAlert per match' })
  async import(
    @Param('code') code: string,
    @Query('kind') kind: string | undefined,
    @Query('fileName') fileNameParam: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
  ): Promise<DataFeedImportResult> {
    const errors = [];
    if (!(FEED_KINDS as readonly string[]).includes(String(kind))) errors.push({ field: 'kind', message: `kind must be one of ${FEED_KINDS.join(', ')}` });
    const fileName = typeof fileNameParam === 'string' && fileNameParam.trim() !== '' ? fileNameParam.trim() : 'upload';
    if (fileName.length > 200 || /[/\\]/.test(fileName) || [...fileName].some((ch) => ch.charCodeAt(0) < 0x20)) {
      errors.push({ field: 'fileName', message: 'at most 200 characters, no control characters or slashes' });
    }
    if (errors.length > 0) throw new ValidationProblemException(errors);
    if (req.readableEnded || (req.body !== undefined && req.body !== null && typeof req.body === 'object' && Object.keys(req.body as object).length > 0)) {
      throw problem(415, 'data_feed_body', 'Send the file itself as the request body (Content-Type: text/csv or the .xlsx type), not JSON or a form', 'file');
    }
    const bytes = await readBody(req, this.config.FOLLOW_UP_DATA_FEED_MAX_BYTES);
    if (bytes.length === 0) throw problem(400, 'empty_file', 'The file is empty', 'file');
    return this.commandBus.execute(new ImportDataFeedCommand(code, kind as FeedKind, fileName, bytes, actor));
  }
}
