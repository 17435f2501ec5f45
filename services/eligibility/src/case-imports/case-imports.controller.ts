import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { ProblemException, ValidationProblemException } from '@sa/errors';
import type { Request } from 'express';
import { CaseImportService } from './case-import.service';

/** The largest ledger accepted (a 50,000-row CSV is about 6 MB). */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;

const tooLarge = () => new ProblemException(413, { detail: `The file is larger than ${MAX_LEDGER_BYTES} bytes`, errors: [{ field: 'file', message: 'too large' }] });

async function readBody(req: Request): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_LEDGER_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_LEDGER_BYTES) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

@ApiTags('case imports')
@Controller('case-imports')
export class CaseImportsController {
  constructor(private readonly imports: CaseImportService) {}

  @Post()
  @HttpCode(201)
  @Roles('county_approver')
  @ApiConsumes('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream')
  @ApiBody({ description: 'The ledger file itself as the raw body (CSV, UTF-8, or .xlsx; see docs/caseload-import.md)', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: true })
  @ApiOperation({
    summary:
      'Caseload import (存量台账迁入): every row validated; a file with errors is refused whole (422, each error’s row and column); each household becomes a case starting with CaseMigrated; re-importing records nothing',
  })
  async create(@Query('fileName') fileNameParam: string | undefined, @CurrentActor() actor: Actor, @Req() req: Request) {
    const fileName = typeof fileNameParam === 'string' ? fileNameParam.trim() : '';
    if (fileName === '' || fileName.length > 200 || /[/\\]/.test(fileName) || [...fileName].some((ch) => ch.charCodeAt(0) < 0x20)) {
      throw new ValidationProblemException([{ field: 'fileName', message: 'required: at most 200 characters, no control characters or slashes' }]);
    }
    if (req.readableEnded || (req.body !== undefined && req.body !== null && typeof req.body === 'object' && Object.keys(req.body as object).length > 0)) {
      throw new ProblemException(415, { detail: 'Send the file itself as the request body (text/csv or .xlsx), not JSON or a form', errors: [{ field: 'file', message: 'raw body expected' }] });
    }
    const bytes = await readBody(req);
    if (bytes.length === 0) throw new ValidationProblemException([{ field: 'file', message: 'the file is empty' }]);
    return this.imports.import(bytes, fileName, actor);
  }
}
