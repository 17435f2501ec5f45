/**
 * The web app's pure modules: the 一表申请 form → intake's request body (元 → integer fen exactly),
 * the resident-ID hint, which queues make up 我的待办, why a review button is disabled, and the
 * officer directory's filtering.
 */
import { blankForm, fenToYuanText, formFromApplication, toPayload } from '../web/src/application-form';
import { toFen } from '../web/src/format';
import { intakeQueuesFor, reviewStatusesFor } from '../web/src/queues';
import { residentIdProblem } from '../web/src/residentId';
import { reviewActions } from '../web/src/review-actions';
import { adminUrlFromTokenEndpoint, officersFor, type Officer } from '../src/directory';

describe('一表申请: amounts typed in 元 become integer fen exactly', () => {
  it.each([
    ['1500', 150000],
    ['1500.5', 150050],
    ['0.29', 29],
    ['0.07', 7],
    ['19.99', 1999],
    ['1234567.89', 123456789],
  ])('%s 元 → %i fen', (yuanText, fen) => {
    expect(toFen(yuanText)).toBe(fen);
    expect(Number.isInteger(toFen(yuanText))).toBe(true);
  });

  it.each(['1.234', '-1', 'abc', '', '1,500'])('refuses %p', (text) => expect(toFen(text)).toBeNull());

  it('fen back to the 元 text the officer edits, without floating arithmetic', () => {
    expect(fenToYuanText(150050)).toBe('1500.50');
    expect(fenToYuanText(29)).toBe('0.29');
    expect(fenToYuanText(undefined)).toBe('');
  });

  it('builds the request: members, per-member consent, income and assets by member, documents collected, proxy with authorisation', () => {
    const form = blankForm('330106001001', '2026-03-01');
    form.address = '某社区 8 幢 302';
    form.members[0] = { ...form.members[0]!, residentId: '33010619800315001x', name: '张伟', consentSigned: true, idCopyCollected: true };
    form.members.push({ residentId: '330106198207200023', name: '李娜', relation: 'SPOUSE', livesWithApplicant: true, workAbility: 'NONE', employment: 'NOT_IN_LABOUR_FORCE', consentSigned: false, idCopyCollected: true });
    form.income.push({ member: 1, type: 'WAGES', month: '2026-02', yuan: '300.10' });
    form.assets.push({ kind: 'BANK_DEPOSIT', owner: 0, description: '活期', yuan: '8620.11' });
    form.declarationSigned = true;
    form.commitmentSigned = true;
    form.proxyOn = true;
    form.proxyKind = 'AUTHORISED_PERSON';
    form.proxyName = '王芳';
    form.proxyReason = '申请人卧床';
    form.proxyAuthorised = true;
    const body = toPayload(form, '7c1e9a00-0000-4000-8000-000000000000') as any;
    expect(body.household.members.map((m: any) => m.residentId)).toEqual(['33010619800315001X', '330106198207200023']);
    expect(body.declaration.income).toEqual([{ residentId: '330106198207200023', type: 'WAGES', month: '2026-02', amountFen: 30010 }]);
    expect(body.declaration.assets[0]).toMatchObject({ ownerResidentIds: ['33010619800315001X'], valueFen: 862011 });
    expect(body.consents.map((c: any) => c.residentId)).toEqual(['33010619800315001X']);
    expect(body.identityDocuments).toHaveLength(2);
    expect(body.commitment).toEqual({ documentRef: 'doc:commitment:7c1e9a00', signedOn: '2026-03-01' });
    expect(body.proxy).toMatchObject({ kind: 'AUTHORISED_PERSON', onBehalfOfResidentId: '33010619800315001X', authorisationDocumentRef: 'doc:authorisation:7c1e9a00' });
    // and back: a saved draft opens with the same amounts in 元
    const again = formFromApplication({ ...body, jurisdiction: '330106001001' }, '2026-03-01');
    expect(again.income?.[0]).toMatchObject({ member: 1, yuan: '300.10' });
    expect(again.members?.[0]).toMatchObject({ consentSigned: true, idCopyCollected: true });
  });

  it('checks a resident ID as it is typed (GB 11643 check digit)', () => {
    expect(residentIdProblem('33010619800315001X')).toBeNull();
    expect(residentIdProblem('330106198207200024')).toMatch(/校验码不正确.*应为 3/);
    expect(residentIdProblem('3301061982')).toMatch(/18位/);
  });
});

describe('我的待办: queues per role', () => {
  it('never asks for decided, refused or withdrawn cases', () => {
    for (const role of ['community_officer', 'street_officer', 'street_reviewer', 'county_approver', 'auditor']) {
      expect(reviewStatusesFor(role)).not.toEqual(expect.arrayContaining(['WITHDRAWN']));
      expect(reviewStatusesFor(role)).not.toEqual(expect.arrayContaining(['APPROVED']));
      expect(reviewStatusesFor(role)).not.toEqual(expect.arrayContaining(['REFUSED']));
    }
    expect(reviewStatusesFor('street_reviewer')).toEqual(['OPINION_ISSUED', 'IN_NOTICE']);
    expect(reviewStatusesFor('county_approver')).toEqual(['SUBMITTED']);
    expect(intakeQueuesFor('street_reviewer')).toEqual([]);
  });
});

describe('审核确认: why a button is disabled', () => {
  const visit = { visitId: 'v', officers: [{ id: 'street-1' }, { id: 'community-1' }] };
  const opinion = { proposal: 'APPROVE', proposedBy: { id: 'street-1' }, noticeRequired: true, authority: 'COUNTY' };
  const notice = { postedOn: '2026-03-02', lastDay: '2026-03-08' };
  const file = (over: Record<string, unknown>) => ({ status: 'INVESTIGATING', visits: [], current: { investigators: [], openObjections: [] }, ...over });

  it('wrong role', () => {
    expect(reviewActions(file({}), { sub: 'x', role: 'street_reviewer' }, '2026-03-02').homeVisit).toEqual({ ok: false, reason: '需由街道经办人或社区专干或区县审批人办理' });
  });

  it('wrong step and missing visit', () => {
    const a = reviewActions(file({}), { sub: 'street-1', role: 'street_officer' }, '2026-03-02');
    expect(a.homeVisit.ok).toBe(true);
    expect(a.opinion).toEqual({ ok: false, reason: '尚未记录两名工作人员的入户调查' });
    expect(a.notice.reason).toMatch(/调查核实中/);
  });

  it('notice period not ended, then four-eyes for the submission', () => {
    const f = file({ status: 'IN_NOTICE', visits: [visit], current: { opinion, notice, investigators: ['street-1', 'community-1'], openObjections: [] } });
    expect(reviewActions(f, { sub: 'reviewer-1', role: 'street_reviewer' }, '2026-03-08').submission).toEqual({ ok: false, reason: '公示期至 2026-03-08,公示期满后方可办理' });
    expect(reviewActions(f, { sub: 'reviewer-1', role: 'street_reviewer' }, '2026-03-09').submission.ok).toBe(true);
    expect(reviewActions(f, { sub: 'street-1', role: 'street_reviewer' }, '2026-03-09').submission.reason).toMatch(/回避/);
  });

  it('open objections hold the submission', () => {
    const f = file({ status: 'IN_NOTICE', visits: [visit], current: { opinion, notice, investigators: [], openObjections: ['o1'] } });
    expect(reviewActions(f, { sub: 'reviewer-1', role: 'street_reviewer' }, '2026-03-09').submission.reason).toBe('有 1 件异议尚未处理');
  });

  it('four-eyes: an investigator may not decide', () => {
    const f = file({ status: 'SUBMITTED', visits: [visit], current: { opinion, notice, investigators: ['street-1', 'county-1'], openObjections: [] } });
    expect(reviewActions(f, { sub: 'county-1', role: 'county_approver' }, '2026-03-10').decision.reason).toBe('参与调查的工作人员不得审批本案(回避)');
    expect(reviewActions(f, { sub: 'county-2', role: 'county_approver' }, '2026-03-10').decision.ok).toBe(true);
  });
});

describe('officer directory', () => {
  const o = (username: string, role: string, jurisdiction: string): Officer => ({ id: username, username, name: username, role, jurisdiction });
  const all = [o('community-a', 'community_officer', '330106001001'), o('officer-a', 'street_officer', '330106001'), o('officer-b', 'street_officer', '330106002'), o('approver', 'county_approver', '330106'), o('other', 'street_officer', '330102001')];

  it('lists the officers with authority over a community (its own, its street, its district), community first', () => {
    expect(officersFor(all, '330106001001').map((x) => x.username)).toEqual(['community-a', 'officer-a', 'approver']);
    expect(officersFor(all, '330106001').map((x) => x.username)).toEqual(['community-a', 'officer-a', 'approver']);
  });

  it('derives the Keycloak admin API from the token endpoint', () => {
    expect(adminUrlFromTokenEndpoint('http://127.0.0.1:8080/realms/social-assistance/protocol/openid-connect/token')).toBe('http://127.0.0.1:8080/admin/realms/social-assistance');
  });
});
