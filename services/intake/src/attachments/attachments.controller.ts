import { Controller, Get, HttpCode, Inject, Logger, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { ProblemException, ValidationProblemException } from '@sa/errors';
import { StreamNotFoundError } from '@sa/eventstore';
import { DigestMismatchError, digestOf, ObjectNotFoundError, sniffMediaType, stageUpload, UploadTooLargeError, verifyingStream } from '@sa/storage';
import type { Request, Response } from 'express';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { IntakePipelines, officerRef } from '../commands/intake-pipelines';
import {
  type AttachmentEvent,
  attachmentRef,
  type AttachmentRecord,
  attachmentStreamId,
  attachmentTargetProblems,
  evolveAttachments,
  initialAttachmentsState,
  IntakeRuleError,
} from '../domain';
import { CASE_READER_ROLES } from '../http/roles';
import { AttachmentFiles } from './attachment-storage';
import { maskPersonalIdentifiers } from '../applications/shared/application-view';

const UPLOADER_ROLES = ['community_officer', 'street_officer', 'street_reviewer'] as const;

const problem = (status: number, code: string, detail: string, field: string) =>
  new ProblemException(status, { type: `urn:sa:problem:rule:${code}`, title: detail, detail, code, errors: [{ field, message: detail }] });

/** The attachments recorded for a case, oldest first. */
export async function attachmentsOf(files: { store: IntakePipelines['store'] }, caseId: string): Promise<AttachmentRecord[]> {
  let recorded;
  try {
    recorded = await files.store.readStream(attachmentStreamId(caseId));
  } catch (e) {
    if (e instanceof StreamNotFoundError) return [];
    throw e;
  }
  return recorded.map((r) => ({ type: r.type, data: r.data }) as AttachmentEvent).reduce(evolveAttachments, initialAttachmentsState).attachments;
}

/**
 * Attachments (申请材料、入户照片、签字表格) of an application. The file is the raw request body
 * (any Content-Type but JSON/form), streamed to a staging file while it is hashed and counted; its
 * media type is sniffed from the first bytes. Refusals (target, empty, too large, type) store nothing.
 */
@ApiTags('attachments')
@ApiBearerAuth()
@Controller('applications')
export class AttachmentsController {
  private readonly logger = new Logger('Attachments');

  constructor(
    @Inject(IntakePipelines) private readonly intake: IntakePipelines,
    @Inject(AttachmentFiles) private readonly files: AttachmentFiles,
  ) {}

  private async caseFile(caseId: string, actor: Actor) {
    const { state } = await this.intake.application.aggregate(caseId);
    if (state.status === 'NONE' || !state.jurisdiction) throw new IntakeRuleError('application_not_found', 'There is no such application');
    assertJurisdiction(actor, state.jurisdiction, 'caseId');
    return state;
  }

  @Post(':caseId/attachments')
  @HttpCode(201)
  @Roles(...UPLOADER_ROLES)
  @ApiConsumes('application/octet-stream', 'application/pdf', 'image/jpeg', 'image/png')
  @ApiBody({ description: 'The file itself as the raw body (not multipart, not JSON); streamed, never held in memory', schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'kind', enum: ['MATERIAL', 'VISIT_PHOTO', 'SIGNED_FORM'] })
  @ApiQuery({ name: 'itemKey', required: false, description: 'MATERIAL: the checklist item (e.g. SIGNED_COMMITMENT, IDENTITY_DOCUMENT:<resident ID>); photos/forms: what they belong to (visit id)' })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiOperation({ summary: 'Upload an attachment against a case and a checklist item; digest, size, sniffed media type and uploader recorded as AttachmentUploaded' })
  async upload(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Query('kind') kind: string | undefined,
    @Query('itemKey') itemKeyParam: string | undefined,
    @Query('fileName') fileNameParam: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const itemKey = typeof itemKeyParam === 'string' && itemKeyParam !== '' ? itemKeyParam : null;
    const fileName = typeof fileNameParam === 'string' && fileNameParam.trim() !== '' ? fileNameParam.trim() : null;
    if (fileName !== null && (fileName.length > 200 || /[/\\]/.test(fileName) || [...fileName].some((ch) => ch.charCodeAt(0) < 0x20))) {
      throw new ValidationProblemException([{ field: 'fileName', message: 'at most 200 characters, no control characters or slashes' }]);
    }
    // 1. Everything that can be refused before a byte is read.
    const state = await this.caseFile(caseId, actor);
    const checklist = (state.notice?.items ?? []).map((i) => i.key);
    const problems = attachmentTargetProblems({ kind: String(kind ?? ''), itemKey, checklist });
    if (problems.length > 0) throw new ValidationProblemException(problems);
    if (req.readableEnded || (req.body !== undefined && req.body !== null && typeof req.body === 'object' && Object.keys(req.body as object).length > 0)) {
      throw problem(415, 'attachment_body', 'Send the file itself as the request body (e.g. Content-Type: application/octet-stream), not JSON or a form', 'file');
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.files.maxBytes) {
      throw problem(413, 'attachment_too_large', `The file is larger than ${this.files.maxBytes} bytes`, 'file');
    }
    // 2. Stream the bytes to a staging file (hash, size and first bytes on the way).
    let staged;
    try {
      staged = await stageUpload(req, this.files.stagingDir, this.files.maxBytes);
    } catch (e) {
      if (e instanceof UploadTooLargeError) {
        req.unpipe();
        req.resume();
        throw problem(413, 'attachment_too_large', `The file is larger than ${this.files.maxBytes} bytes`, 'file');
      }
      throw e;
    }
    try {
      if (staged.sizeBytes === 0) throw problem(400, 'empty_file', 'The file is empty', 'file');
      const mediaType = sniffMediaType(staged.head);
      if (!mediaType || !this.files.allowedMediaTypes.includes(mediaType)) {
        throw problem(415, 'media_type_not_allowed', `Files of type ${mediaType ?? 'unknown'} are not accepted (allowed: ${this.files.allowedMediaTypes.join(', ')})`, 'file');
      }
      // 3. Store the bytes under their digest, then record them; undo the store if the record is refused.
      const commandId = this.files.commandIdOf(caseId, staged.digest, kind!, itemKey);
      const { created } = await this.files.storage.putStaged(staged.digest, staged.stagedPath, staged.sizeBytes, mediaType);
      let outcome;
      try {
        outcome = await this.files.pipeline.handle(
          caseId,
          {
            type: 'RecordAttachment',
            data: {
              caseId,
              attachmentId: commandId,
              kind: kind as AttachmentRecord['kind'],
              itemKey,
              caseStatus: state.status,
              checklist,
              digest: staged.digest,
              sizeBytes: staged.sizeBytes,
              mediaType,
              allowedMediaTypes: this.files.allowedMediaTypes,
              fileName,
              storage: this.files.storage.kind,
            },
            metadata: { actor: officerRef(actor), now: this.files.now() },
          },
          { actor: officerRef(actor), commandId },
        );
      } catch (e) {
        if (created) await this.files.storage.remove(staged.digest).catch(() => undefined);
        throw e;
      }
      const record = outcome.state.attachments.find((a) => a.digest === staged.digest && a.kind === kind && a.itemKey === itemKey)!;
      res.setHeader('ETag', `"${outcome.revision}"`);
      res.setHeader('Location', `/applications/${caseId}/attachments/${record.attachmentId}`);
      return { ...record, documentRef: attachmentRef(record.digest), alreadyRecorded: !outcome.written, revision: outcome.revision };
    } finally {
      await rm(staged.stagedPath, { force: true });
    }
  }

  @Get(':caseId/attachments')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: "The case's attachments: item, kind, digest, size, media type, uploader" })
  async list(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor) {
    await this.caseFile(caseId, actor);
    // an item key names the member it concerns (`IDENTITY_DOCUMENT:<resident ID>`): masked as in the case view
    return maskPersonalIdentifiers((await attachmentsOf(this.intake, caseId)).map((a) => ({ ...a, documentRef: attachmentRef(a.digest) })));
  }

  @Get(':caseId/attachments/:attachmentId')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: 'Download an attachment; the stored bytes are checked against the recorded sha256 before and while they are sent (Repr-Digest header)' })
  async download(
    @Param('caseId', new ParseUUIDPipe()) caseId: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    await this.caseFile(caseId, actor);
    const record = (await attachmentsOf(this.intake, caseId)).find((a) => a.attachmentId === attachmentId);
    if (!record) throw problem(404, 'attachment_not_found', `The case has no attachment ${attachmentId}`, 'attachmentId');
    try {
      // Checked before the first byte is sent: a changed or truncated object is never served.
      const actual = await digestOf(await this.files.storage.open(record.digest));
      if (actual !== record.digest) throw new DigestMismatchError(record.digest, actual);
    } catch (e) {
      if (e instanceof DigestMismatchError || e instanceof ObjectNotFoundError) {
        this.logger.error({ caseId, attachmentId, digest: record.digest, error: e.message }, 'stored attachment does not match its record');
        throw problem(502, 'attachment_integrity', 'The stored file does not match its recorded digest; it is not served', 'attachmentId');
      }
      throw e;
    }
    res.status(200);
    res.setHeader('Content-Type', record.mediaType);
    res.setHeader('Content-Length', String(record.sizeBytes));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(record.digest, 'hex').toString('base64')}:`);
    res.setHeader('ETag', `"${record.digest}"`);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.fileName ?? `${record.attachmentId}`)}`);
    // Checked again while streaming (the object could change in between): a mismatch cuts the response.
    await pipeline(await this.files.storage.open(record.digest), verifyingStream(record.digest), res).catch((e: unknown) => {
      this.logger.error({ caseId, attachmentId, error: (e as Error).message }, 'attachment download cut');
      res.destroy();
    });
  }
}
