/**
 * 政策 → 影响测算 (pure logic): the draft's checks and body (元 → fen, every base parameter carried
 * over), the outcomes in Chinese in a fixed order with their chart, and the county's batch refusal
 * (all or nothing) named by case number, four-eyes recognised.
 */
import {
  checkImpactDraft,
  decisionRefusals,
  impactDraftBody,
  impactFieldOf,
  impactProgress,
  isFourEyesRefusal,
  outcomeChart,
  outcomeRows,
  policyProblemText,
  proposalSummary,
  type ImpactDraftForm,
} from '../web/src/policy-impact';

const form = (f: Partial<ImpactDraftForm> = {}): ImpactDraftForm => ({ version: ' 330106-2027-01 ', effectiveFrom: '2027-01-01', standardYuan: '1100.5', reason: ' 西民〔2026〕12号 ', ...f });

describe('the draft of a new standard', () => {
  it('carries every parameter of the base version over and sets the standard in fen', () => {
    const body = impactDraftBody({ policyId: 'p-330106', divisionCode: '330106', parameters: { subsistenceStandard: 100000, assetLimitMonths: 24 } }, form());
    expect(body).toEqual({
      policyId: 'p-330106',
      version: '330106-2027-01',
      divisionCode: '330106',
      effectiveFrom: '2027-01-01',
      parameters: { subsistenceStandard: 110050, assetLimitMonths: 24 },
      reason: '西民〔2026〕12号',
    });
  });

  it('is checked in the browser first, each field named', () => {
    expect(checkImpactDraft('330106-2026-01', form())).toEqual({});
    expect(checkImpactDraft('', form({ version: ' ', effectiveFrom: '2027/01/01', standardYuan: '11.005', reason: '' }))).toEqual({
      base: '请选择在哪个版本基础上调整',
      version: '必填',
      effectiveFrom: '日期格式应为 YYYY-MM-DD',
      standardYuan: '请填写大于 0 的金额(元,最多两位小数)',
      reason: '请填写调整依据(文件名、文号)',
    });
    expect(checkImpactDraft('v', form({ standardYuan: '0' })).standardYuan).toBeDefined();
  });

  it("maps the service's field names onto the form", () => {
    expect(impactFieldOf('parameters.subsistenceStandard')).toBe('standardYuan');
    expect(impactFieldOf('effectiveFrom')).toBe('effectiveFrom');
    expect(impactFieldOf('parameters.assetLimitMonths')).toBe('parameters.assetLimitMonths');
  });
});

describe('the outcomes', () => {
  it('lists all eight in a fixed order, in Chinese, zero included', () => {
    const rows = outcomeRows({ INCREASE: 3, NEWLY_ELIGIBLE: 1 });
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['增发', 3],
      ['减发', 0],
      ['不变', 0],
      ['渐退', 0],
      ['停发', 0],
      ['新符合条件（近期不予批准）', 1],
      ['仍不符合条件', 0],
      ['无法测算', 0],
    ]);
  });

  it('draws one bar per outcome, and says the same in text', () => {
    const c = outcomeChart({ INCREASE: 2, TERMINATE: 1 });
    expect(c.option.series[0]!.data).toEqual([2, 0, 0, 0, 1, 0, 0, 0]);
    expect(c.option.xAxis.data[5]).toBe('新符合条件');
    expect(c.summary).toContain('增发 2 户');
    expect(c.summary).toContain('停发 1 户');
  });
});

describe("the county's batch decision", () => {
  const ids = ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'];
  const numbers = { [ids[0]!]: '330106-2026-000001', [ids[1]!]: '330106-2026-000002' };

  it('names each refused case by its number, in Chinese, with the code', () => {
    const errors = [
      { field: 'caseIds[1]', message: 'decider_is_proposer: the proposer may not decide' },
      { field: 'caseIds[0]', message: 'case_not_found: No review case' },
    ];
    expect(decisionRefusals(errors, ids, numbers)).toEqual([
      '330106-2026-000002:提议人不得审批本案(双人原则),请由另一名审批人处理(decider_is_proposer)',
      '330106-2026-000001:本案没有待审批的重新核定提议(可能已审批过)(case_not_found)',
    ]);
    expect(decisionRefusals([{ field: 'caseIds[0]', message: 'no_redetermination: No change request is being re-determined' }], ids, numbers)).toEqual([
      '330106-2026-000001:本案没有待审批的重新核定提议(可能已审批过)(no_redetermination)',
    ]);
    expect(isFourEyesRefusal(errors)).toBe(true);
    expect(isFourEyesRefusal([errors[1]!])).toBe(false);
  });

  it('keeps an unknown message as the service wrote it', () => {
    expect(decisionRefusals([{ field: 'caseIds[0]', message: 'something_new: x' }], ids, {})).toEqual([`${ids[0]}:something_new: x`]);
  });

  it('summarises the proposals', () => {
    expect(proposalSummary({ proposed: 3, alreadyProposed: 0, unchanged: 1, skipped: [{}] })).toBe(
      '已为 3 户生成重新核定提议;按已发布版本复算无变化 1 户;1 户另有重新核定在办,未提议。请区县审批人审批。',
    );
  });
});

describe('the publication and the proposals refused', () => {
  it('says the catalogue\'s rule by its code, never "someone changed the case"', () => {
    expect(policyProblemText('impact_draft_differs', '')).toBe('已发布的版本与本次测算的草案不一致:请按已发布的版本重新测算,再生成提议');
    expect(policyProblemText('policy_not_in_force', 'Version v takes effect on 2027-01-01')).toBe('该版本尚未施行:自施行之日起方可生成重新核定提议(Version v takes effect on 2027-01-01)');
    expect(policyProblemText('something_else', 'x')).toBeUndefined();
    expect(policyProblemText(undefined, 'x')).toBeUndefined();
  });
});

describe('the list of evaluations: where each stands and whose work it is', () => {
  it('open re-determinations are the approver’s; changed cases with no proposal are the administrator’s', () => {
    expect(impactProgress({ changedCases: 3, openRedeterminations: 3, decidedCases: 0 })).toEqual({ text: '待审批 3 件', tag: 'warning', approverWork: true, adminWork: false });
    expect(impactProgress({ changedCases: 3, openRedeterminations: 1, decidedCases: 2 }).text).toBe('待审批 1 件,已决定 2 件');
    expect(impactProgress({ changedCases: 3, openRedeterminations: 0, decidedCases: 0 })).toEqual({ text: '未生成提议(3 户待调整)', tag: 'danger', approverWork: false, adminWork: true });
    expect(impactProgress({ changedCases: 3, openRedeterminations: 0, decidedCases: 3 })).toMatchObject({ text: '已全部决定(3 件)', approverWork: false, adminWork: false });
    expect(impactProgress({ changedCases: 3, openRedeterminations: 0, decidedCases: 2 }).text).toBe('已决定 2/3 件(其余已驳回或未提议)');
    expect(impactProgress({ changedCases: 0, openRedeterminations: 0, decidedCases: 0 })).toMatchObject({ text: '无需调整', approverWork: false, adminWork: false });
  });
});
