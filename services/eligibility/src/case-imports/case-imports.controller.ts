import { Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '@sa/auth';
import { ProblemException, ValidationProblemException } from '@sa/errors';
import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CommandBus } from '@nestjs/cqrs';
import type { SpooledLedger } from './case-import.service';
import { ImportCaseloadCommand } from './case-imports.handler';

/** The largest ledger accepted (a 50,000-row CSV is about 6 MB). */
export const MAX_LEDGER_BYTES = 64 * 1024 * 1024;

const tooLarge = () => new ProblemException(413, { detail: `The file is larger than ${MAX_LEDGER_BYTES} bytes`, errors: [{ field: 'file', message: 'too large' }] });

class TooLarge extends Error {}

/**
 * Spools the request body to a temporary file, hashing it on the way (SHA-256) and stopping past
 * MAX_LEDGER_BYTES: the upload is never held in memory whole. The caller removes `dir`.
 */
async function spoolBody(req: Request): Promise<SpooledLedger & { dir: string }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_LEDGER_BYTES) throw tooLarge();
  const dir = await mkdtemp(join(tmpdir(), 'sa-case-import-'));
  const path = join(dir, 'ledger');
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > MAX_LEDGER_BYTES) return done(new TooLarge());
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createWriteStream(path));
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    if (e instanceof TooLarge) throw tooLarge();
    throw e;
  }
  return { dir, path, size, digest: hash.digest('hex') };
}

@ApiTags('case imports')
@Controller('case-imports')
export class CaseImportsController {
  constructor(private readonly commandBus: CommandBus) {}

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
    const spooled = await spoolBody(req);
    try {
      if (spooled.size === 0) throw new ValidationProblemException([{ field: 'file', message: 'the file is empty' }]);
      return await this.commandBus.execute(new ImportCaseloadCommand(spooled, fileName, actor));
    } finally {
      await rm(spooled.dir, { recursive: true, force: true });
    }
  }
}
