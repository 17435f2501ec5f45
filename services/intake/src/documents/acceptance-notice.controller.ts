import { Controller, Get, Inject, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, assertJurisdiction, CurrentActor, Roles } from '@sa/auth';
import { acceptanceNotice, recordIssuedDocument, renderNotice } from '@sa/documents';
import type { Response } from 'express';
import { IntakePipelines } from '../commands/intake-pipelines';
import { IntakeRuleError, PROGRAM_LABELS } from '../domain';
import { CASE_READER_ROLES } from '../http/roles';

/**
 * The one function through which documents read the applicant's particulars (name, programme, dates):
 * intake's read side (the folded application), never raw event payloads, so encryption of personal
 * data changes only this function.
 */
export async function applicantParticulars(pipelines: IntakePipelines, caseId: string, actor: Actor) {
  const { state } = await pipelines.application.aggregate(caseId);
  if (state.status === 'NONE') throw new IntakeRuleError('application_not_found', 'There is no such application');
  assertJurisdiction(actor, state.jurisdiction);
  const applicant = state.form!.household.members.find((m) => m.relation === 'APPLICANT');
  return {
    caseNumber: state.caseNumber!,
    jurisdiction: state.jurisdiction!,
    applicantName: applicant?.name ?? '',
    programLabel: PROGRAM_LABELS[state.form!.program],
    acceptedOn: state.acceptedOn,
  };
}

const chineseDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

@ApiTags('documents')
@ApiBearerAuth()
@Controller('applications')
export class AcceptanceNoticeController {
  constructor(@Inject(IntakePipelines) private readonly commands: IntakePipelines) {}

  @Get(':caseId/documents/acceptance-notice')
  @Roles(...CASE_READER_ROLES)
  @ApiOperation({ summary: '受理通知书 as PDF (deterministic; its sha256 is recorded as DocumentIssued and sent as ETag)' })
  async get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const p = await applicantParticulars(this.commands, caseId, actor);
    if (!p.acceptedOn) throw new IntakeRuleError('application_not_accepted', 'The application has not been accepted: there is no acceptance notice');
    const doc = acceptanceNotice({
      caseNumber: p.caseNumber,
      applicantName: p.applicantName,
      programLabel: p.programLabel,
      acceptedOn: chineseDate(p.acceptedOn),
      issuer: `乡镇人民政府（街道办事处）${p.jurisdiction.slice(0, 9)}`,
      issuedOn: p.acceptedOn,
    });
    const rendered = await renderNotice(doc);
    await recordIssuedDocument(this.commands.store, { caseId, doc, rendered, actor: { id: actor.id, role: actor.role, jurisdiction: actor.jurisdiction }, occurredAt: this.commands.time().now });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('ETag', `"${rendered.digest}"`);
    res.setHeader('X-Document-Digest', rendered.digest);
    res.send(rendered.pdf);
  }
}
