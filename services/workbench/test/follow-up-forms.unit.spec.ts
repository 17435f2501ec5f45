/**
 * 动态管理 in the web app: the request bodies of the follow-up forms, the service's field errors mapped
 * onto the form's fields in Chinese, and the complainant's identity never reaching a page.
 */
import { type ProblemLike, changeReportBody, complaintBody, complaintForDisplay, conclusionBody, formErrors, lastSegment, lines, type ComplaintForm } from '../web/src/follow-up';

describe('动态管理: request bodies', () => {
  it('reasons and concerns: one per line, blank lines dropped', () => {
    expect(lines('  收入增加 \n\n已告知家庭\r\n')).toEqual(['收入增加', '已告知家庭']);
  });

  it('a conclusion sends the change found only when it is described', () => {
    const base = { finding: 'NO_MATERIAL_CHANGE', recommendation: 'NO_CHANGE', reasons: '', summary: ' 家庭情况无明显变化 ', changeKind: '', changeDescription: '' };
    expect(conclusionBody(base)).toEqual({ finding: 'NO_MATERIAL_CHANGE', recommendation: 'NO_CHANGE', reasons: [], summary: '家庭情况无明显变化', changes: [] });
    expect(conclusionBody({ ...base, finding: 'CHANGE_FOUND', recommendation: 'TERMINATION', reasons: '家庭人均收入已超过低保标准', changeKind: 'INCOME', changeDescription: '长子就业，月工资 4500 元' })).toEqual({
      finding: 'CHANGE_FOUND',
      recommendation: 'TERMINATION',
      reasons: ['家庭人均收入已超过低保标准'],
      summary: '家庭情况无明显变化',
      changes: [{ kind: 'INCOME', description: '长子就业，月工资 4500 元' }],
    });
  });

  it('a change report: one change, the date only when given', () => {
    expect(changeReportBody({ source: 'HOUSEHOLD', kind: 'EMPLOYMENT', description: ' 长子就业 ', changedOn: '' })).toEqual({ source: 'HOUSEHOLD', changes: [{ kind: 'EMPLOYMENT', description: '长子就业' }] });
    expect(changeReportBody({ source: 'DATA_ALERT', kind: 'ASSETS', description: '购车', changedOn: '2026-11-02' })).toMatchObject({ changedOn: '2026-11-02' });
  });

  const complaint: ComplaintForm = {
    about: 'CASE',
    caseId: ' 3F2B1C0D-1111-4222-8333-444455556666 ',
    officerId: 'ignored',
    community: '330106001001',
    channel: 'HOTLINE',
    subject: 'WRONGFUL_BENEFIT',
    anonymous: true,
    complainantName: '王某',
    complainantPhone: '13900000000',
    allegation: ' 该户有车辆 ',
    receivedOn: '2026-12-07',
  };
  it('an anonymous complaint sends no complainant; a named one sends name and phone; only the field of its kind', () => {
    expect(complaintBody(complaint)).toEqual({
      about: 'CASE',
      caseId: '3f2b1c0d-1111-4222-8333-444455556666',
      community: '330106001001',
      channel: 'HOTLINE',
      subject: 'WRONGFUL_BENEFIT',
      anonymous: true,
      allegation: '该户有车辆',
      receivedOn: '2026-12-07',
    });
    expect(complaintBody({ ...complaint, anonymous: false, about: 'OFFICER' })).toMatchObject({ about: 'OFFICER', officerId: 'ignored', complainant: { name: '王某', phone: '13900000000' } });
    expect(complaintBody({ ...complaint, anonymous: false, about: 'OFFICER' })).not.toHaveProperty('caseId');
  });

  it("the complainant's identity is dropped from whatever the service returns", () => {
    const shown = complaintForDisplay({ complaintId: 'c', anonymous: false, complainant: { name: '王某', phone: '13900000000' }, allegation: '该户有车辆' });
    expect(shown).toEqual({ complaintId: 'c', anonymous: false, allegation: '该户有车辆' });
    expect(JSON.stringify(shown)).not.toMatch(/王某|139/);
  });
});

/** A problem+json answer as `ApiError` (web/src/api.ts) carries it. */
function problem(status: number, title: string, detail: string, errors: ProblemLike['errors'], extra: Record<string, unknown>): ProblemLike {
  return { status, title, detail, errors, problem: { status, title, detail, ...extra } };
}

describe('动态管理: field errors on the form fields, in Chinese', () => {
  it('service paths → form fields', () => {
    expect(lastSegment('note')).toBe('note');
    expect(lastSegment('changes[0].description')).toBe('description');
    expect(lastSegment('complainant.name')).toBe('complainantName');
  });

  it('a 400 naming fields: each on its field, the banner asks to fix them', () => {
    const e = problem(400, 'Bad Request', 'Validation failed', [
      { field: 'note', message: 'note must be longer than or equal to 1 characters' },
      { field: 'visitedOn', message: 'visitedOn must be a date YYYY-MM-DD' },
    ], {});
    expect(formErrors(e, lastSegment)).toEqual({ fields: { note: '长度不符合要求', visitedOn: '日期格式应为 YYYY-MM-DD' }, message: '请按提示修改标红的字段' });
  });

  it('a rule of the follow-up service: its Chinese text on the field it names, or as the message', () => {
    const onField = problem(422, 'Unprocessable Entity', 'A home visit is made by at least two officers', [{ field: 'officerIds', message: 'A home visit is made by at least two officers' }], { code: 'visit_needs_two_officers' });
    expect(formErrors(onField, lastSegment)).toEqual({ fields: { officerIds: '入户核查须由两名工作人员进行' }, message: '请按提示修改标红的字段' });
    const general = problem(409, 'Conflict', 'The re-verification report has not arrived yet', [], { code: 'verification_outstanding' });
    expect(formErrors(general, lastSegment).message).toBe('核对报告尚未返回,请稍后办结');
  });

  it('a rule refusal without a field: one message in Chinese', () => {
    const e = problem(422, 'Unprocessable Entity', 'No open review', [], { code: 'no_open_review' });
    expect(formErrors(e, lastSegment)).toEqual({ fields: {}, message: '不符合办理规则:No open review' });
  });
});
