import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Roles } from '@sa/auth';
import { type MaterialsNoticeItem, materialsNotice, type NoticeDocument, recordIssuedDocument, refusalAtIntakeNotice, renderNotice } from '@sa/documents';
import type { Response } from 'express';
import { IntakePipelines } from '../commands/intake-pipelines';
import { applicationStreamId, IntakeRuleError, type ApplicationEvent } from '../domain';
import { CASE_READER_ROLES } from '../http/roles';
import { applicantParticulars } from './acceptance-notice.controller';
import { attachmentsOf } from '../attachments/attachments.controller';
import type { AttachmentRecord } from '../domain';

/** How the notice names an uploaded file: its name and the start of its sha256. */
export const fileLabel = (a: Pick<AttachmentRecord, 'fileName' | 'digest'>) => `文件「${a.fileName ?? '未命名'}」（sha256:${a.digest.slice(0, 12)}）`;

const chineseDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** The street office (乡镇人民政府/街道办事处) issues intake notices; its decisions are reviewed by the county government. */
const issuerOf = (jurisdiction: string) => `乡镇人民政府（街道办事处）${jurisdiction.slice(0, 9)}`;
export const intakeRemedies = (jurisdiction: string) => ({
  reconsiderationBody: `县（市、区）人民政府（区划${jurisdiction.slice(0, 6)}）`,
  court: '有管辖权的人民法院',
});

/** What the intake notices need from the case's events: the one-time notice, each supply, and a rejection. */
export function intakeNoticeFacts(events: ApplicationEvent[]) {
  let notice: { noticeDate: string; items: { key: string; label: string }[] } | undefined;
  const supplied = new Map<string, { ref: string; on: string }>();
  let rejection: { reason: string; rejectedOn: string } | undefined;
  for (const e of events) {
    if (e.type === 'MaterialsRequested') notice = { noticeDate: e.data.noticeDate, items: e.data.items.map((i) => ({ key: i.key, label: i.label })) };
    if (e.type === 'MaterialsSupplied') {
      for (const d of e.data.documents) supplied.set(d.itemKey, { ref: d.documentRef, on: e.data.suppliedOn });
      for (const key of e.data.resolvedItemKeys) if (!supplied.has(key)) supplied.set(key, { ref: '已签署（随件提交）', on: e.data.suppliedOn });
    }
    if (e.type === 'ApplicationRejectedAtIntake') rejection = { reason: e.data.reason, rejectedOn: e.data.rejectedOn };
  }
  return { notice, supplied, rejection };
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('applications')
export class IntakeNoticesController {
  constructor(@Inject(IntakePipelines) private readonly commands: IntakePipelines) {}

  private async facts(caseId: string, actor: Actor) {
    const p = await applicantParticulars(this.commands, caseId, actor);
    const events = (await this.commands.store.readStream(applicationStreamId(caseId))).map((r) => ({ type: r.type, data: r.data }) as ApplicationEvent);
    const submitted = events.find((e) => e.type === 'ApplicationSubmitted');
    return { p, ...intakeNoticeFacts(events), applicationDate: submitted?.type === 'ApplicationSubmitted' ? submitted.data.applicationDate : undefined };
  }

  private async send(caseId: string, doc: NoticeDocument, actor: Actor, res: Response) {
    const rendered = await renderNotice(doc);
    await recordIssuedDocument(this.commands.store, { caseId, doc, rendered, actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, occurredAt: this.commands.time().now });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('ETag', `"${rendered.digest}"`);
    res.setHeader('X-Document-Digest', rendered.digest);
    res.send(rendered.pdf);
  }

  @Get(':caseId/documents/intake-refusal-notice')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: '不予受理通知书 as PDF: the written reason and the 行政复议 (60 days) / 行政诉讼 (6 months) remedies; digest recorded as DocumentIssued' })
  async refusal(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { p, rejection } = await this.facts(caseId, actor);
    if (!rejection) throw new IntakeRuleError('application_not_rejected', 'The application was not rejected at intake: there is no 不予受理通知书');
    const doc = refusalAtIntakeNotice({
      caseNumber: p.caseNumber,
      applicantName: p.applicantName,
      programLabel: p.programLabel,
      reason: rejection.reason,
      ...intakeRemedies(p.jurisdiction),
      issuer: issuerOf(p.jurisdiction),
      issuedOn: rejection.rejectedOn,
    });
    await this.send(caseId, doc, actor, res);
  }

  @Get(':caseId/documents/materials-notice')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: '一次性告知书 as PDF: every missing item once, each supplied item with the file that satisfies it; digest recorded as DocumentIssued' })
  async materials(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { p, notice, supplied, applicationDate } = await this.facts(caseId, actor);
    if (!notice) throw new IntakeRuleError('no_materials_notice', 'No materials were requested for this application: there is no 一次性告知书');
    const files = (await attachmentsOf(this.commands, caseId)).filter((a) => a.kind === 'MATERIAL');
    const byRef = new Map(files.map((a) => [`attachment:${a.digest}`, a]));
    const items: MaterialsNoticeItem[] = notice.items.map((i) => {
      const s = supplied.get(i.key);
      if (s) {
        // A supply that names an uploaded file (attachment:<sha256>) shows the file.
        const file = byRef.get(s.ref);
        return { label: i.label, satisfiedBy: file ? fileLabel(file) : s.ref, suppliedOn: chineseDate(s.on) };
      }
      const uploaded = files.filter((a) => a.itemKey === i.key).map(fileLabel);
      return uploaded.length > 0 ? { label: i.label, uploadedFiles: uploaded } : { label: i.label };
    });
    const doc = materialsNotice({
      caseNumber: p.caseNumber,
      applicantName: p.applicantName,
      programLabel: p.programLabel,
      applicationDate: chineseDate(applicationDate ?? notice.noticeDate),
      noticeDate: notice.noticeDate,
      items,
      issuer: issuerOf(p.jurisdiction),
      issuedOn: notice.noticeDate,
    });
    await this.send(caseId, doc, actor, res);
  }
}
