/**
 * The review side's additions to the case page (pure logic): 行政复议 / 行政诉讼 time limits and request
 * bodies, 一事一议 limits, checks and body, 特困 findings (self-care level, supply mode) as the
 * eligibility service takes them.
 */
import { ApiError } from '../web/src/api-error';
import {
  appealBody,
  appealFormLimit,
  appealLastDay,
  appealRow,
  checkAppealForm,
  checkOutcomeForm,
  contestableDecisions,
  keepChinese,
  newAppealForm,
  newDecisionAllowed,
  newOutcomeForm,
  outcomeBody,
  recipientForAppeal,
  outcomeFieldOf,
  problemCode,
  timeLimitText,
} from '../web/src/appeals';
import { checkCollectiveForm, collectiveDecisionPart, collectiveLimits, limitsText, newCollectiveForm, type CollectiveForm } from '../web/src/collective-decision';
import { dryRunBody, newDryRunMember } from '../web/src/dry-run';
import { checkExtremePovertyForm, extremePovertyBody, findingsText, newExtremePovertyForm, selfCareLevel } from '../web/src/extreme-poverty';

describe('行政复议 / 行政诉讼: the last day to file', () => {
  it('行政复议: 60 days after receipt; a Saturday moves to Monday', () => {
    // 2026-03-18 + 60 days = 2026-05-17 (a Sunday) → Monday 2026-05-18 (weekends only)
    expect(appealLastDay('ADMINISTRATIVE_REVIEW', '2026-03-18')).toBe('2026-05-18');
    expect(appealLastDay('ADMINISTRATIVE_REVIEW', '2026-03-02')).toBe('2026-05-01');
  });

  it('a holiday calendar moves the last day past the holiday', () => {
    const holidays = new Set(['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05']);
    const isWorkday = (d: string) => !holidays.has(d) && ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect(appealLastDay('ADMINISTRATIVE_REVIEW', '2026-03-02', isWorkday)).toBe('2026-05-06');
  });

  it('行政诉讼: the same day number six months later, else the month\'s last day', () => {
    expect(appealLastDay('LITIGATION', '2026-03-18')).toBe('2026-09-18');
    expect(appealLastDay('LITIGATION', '2026-08-31')).toBe('2027-03-01'); // 2027-02-28 is a Sunday → Monday
    expect(appealLastDay('LITIGATION', '2026-10-15')).toBe('2027-04-15');
  });

  it('剩余 N 天, 今日截止, 已逾期 N 天 (overdue)', () => {
    expect(timeLimitText('2026-05-18', '2026-05-10')).toEqual({ text: '剩余 8 天', overdue: false, left: 8 });
    expect(timeLimitText('2026-05-18', '2026-05-18')).toEqual({ text: '今日截止', overdue: false, left: 0 });
    expect(timeLimitText('2026-05-18', '2026-05-21')).toEqual({ text: '已逾期 3 天', overdue: true, left: -3 });
  });
});

describe('行政复议: the filing form', () => {
  const today = '2026-06-01';
  const form = { ...newAppealForm(today), contestedDecisionId: 'd-1', noticeReceivedOn: '2026-03-18', filedOn: '2026-04-20', reason: ' 金额偏低 ' };

  it('the contestable decisions, newest first, in Chinese', () => {
    const file = { decisions: [{ decisionId: 'a', kind: 'APPROVAL', decidedOn: '2026-03-16' }, { decisionId: 'b', kind: 'BENEFIT_CHANGE', decidedOn: '2026-05-02' }] };
    expect(contestableDecisions(file).map((d) => d.label)).toEqual(['待遇变更决定(2026-05-02)', '批准决定(2026-03-16)']);
    expect(contestableDecisions({})).toEqual([]);
  });

  it('within the limit: no errors; the body as the service takes it', () => {
    expect(checkAppealForm(form, today)).toEqual({});
    expect(appealFormLimit(form, today)).toEqual({ lastDay: '2026-05-18', late: false, text: '剩余 28 天', overdue: false });
    expect(appealBody(form)).toEqual({ kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionId: 'd-1', noticeReceivedOn: '2026-03-18', filedOn: '2026-04-20', reason: '金额偏低' });
  });

  it('filed after the last day: the late-filing reason is asked for, then sent', () => {
    const late = { ...form, filedOn: '2026-05-25' };
    expect(appealFormLimit(late, today)).toMatchObject({ late: true, overdue: true, text: '已逾期 7 天' });
    expect(checkAppealForm(late, today)).toEqual({ lateFilingReason: expect.stringContaining('2026-05-18') });
    const withReason = { ...late, lateFilingReason: ' 住院治疗 ' };
    expect(checkAppealForm(withReason, today)).toEqual({});
    expect(appealBody(withReason)).toMatchObject({ lateFilingReason: '住院治疗' });
  });

  it('bad input: each field named', () => {
    const bad = { ...newAppealForm(today), noticeReceivedOn: '2026-13-01', filedOn: '2026-7-01' };
    expect(Object.keys(checkAppealForm(bad, today)).sort()).toEqual(['contestedDecisionId', 'filedOn', 'noticeReceivedOn', 'reason']);
    expect(checkAppealForm({ ...form, filedOn: '2026-03-01' }, today)).toEqual({ filedOn: '申请(起诉)日期不能早于收到决定的日期' });
  });

  it('an appeal as listed: late in red with its reason, the outcome and the new decision it gave', () => {
    const a = { appealId: 'x', kind: 'ADMINISTRATIVE_REVIEW', contestedDecisionKind: 'APPROVAL', filedOn: '2026-05-25', noticeReceivedOn: '2026-03-18', lastDayToFile: '2026-05-18', lateFilingReason: '住院治疗', outcome: null };
    expect(appealRow(a)).toMatchObject({ kind: '行政复议', contested: '批准决定', late: true, timeLimit: '逾期 7 天提出,理由:住院治疗', status: '审理中', open: true, outcome: '—' });
    const closed = { ...a, filedOn: '2026-04-20', outcome: { outcome: 'CHANGED', documentRef: '杭上政复决字〔2026〕第12号', documentDate: '2026-05-30', newDecisionId: 'n-1' } };
    expect(appealRow(closed, { decisionId: 'n-1', sinceMonth: '2026-04', monthlyAmountFen: 150000 })).toMatchObject({
      late: false,
      timeLimit: '期限内提出(剩余 28 天时)',
      status: '已结案',
      outcome: '变更原决定(杭上政复决字〔2026〕第12号,2026-05-30);新决定:自 2026-04 起月救助金 ¥1,500.00',
    });
  });
});

describe('行政复议: the outcome form', () => {
  const today = '2026-06-10';
  const appeal = { filedOn: '2026-04-20' };

  it('UPHELD: the document only, no new decision', () => {
    const f = { ...newOutcomeForm(today), documentRef: ' 杭上政复决字〔2026〕第12号 ', reason: '维持' };
    expect(checkOutcomeForm(f, appeal)).toEqual({});
    expect(outcomeBody(f)).toEqual({ outcome: 'UPHELD', documentRef: '杭上政复决字〔2026〕第12号', documentDate: today, reason: '维持' });
  });

  it('CHANGED: the new amount in fen from the 1st of the month', () => {
    const f = { ...newOutcomeForm(today), outcome: 'CHANGED' as const, documentRef: '文号', reason: '变更', amountYuan: '1500.5', fromMonth: '2026-04' };
    expect(checkOutcomeForm(f, appeal)).toEqual({});
    expect(outcomeBody(f)).toEqual({
      outcome: 'CHANGED',
      documentRef: '文号',
      documentDate: today,
      reason: '变更',
      newDecision: { effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 150050 },
    });
    expect(outcomeBody({ ...f, outcome: 'REVOKED', eligible: 'no' }).newDecision).toEqual({ effectiveFrom: '2026-04-01', eligible: false });
  });

  it('a refusal overturned into an approval names the payee as an ordinary approval does; a benefit change does not', () => {
    const file = {
      caseId: 'c-1',
      household: { applicantMemberId: 'm-1' },
      decisions: [
        { decisionId: 'd-refusal', kind: 'REFUSAL', decidedOn: '2026-03-20' },
        { decisionId: 'd-change', kind: 'BENEFIT_CHANGE', decidedOn: '2026-05-02' },
      ],
    };
    const recipient = recipientForAppeal(file, 'd-refusal', '6222 **** **** 1234');
    expect(recipient).toEqual({ memberId: 'm-1', bankAccountRef: 'application:c-1:bankAccount', bankAccountMasked: '6222 **** **** 1234' });
    expect(recipientForAppeal(file, 'd-change', '6222 **** **** 1234')).toBeUndefined();
    expect(recipientForAppeal(file, 'd-refusal', '')).toEqual({ memberId: 'm-1', bankAccountRef: 'application:c-1:bankAccount' });
    const f = { ...newOutcomeForm(today), outcome: 'REVOKED' as const, documentRef: '文号', reason: '撤销', amountYuan: '1300', fromMonth: '2026-04' };
    expect(outcomeBody(f, recipient).newDecision).toEqual({ effectiveFrom: '2026-04-01', eligible: true, monthlyAmountFen: 130000, recipient });
    expect(outcomeBody({ ...f, eligible: 'no' }, recipient).newDecision).toEqual({ effectiveFrom: '2026-04-01', eligible: false });
  });

  it('bad input: amount, month and the document date outside filing..today named', () => {
    const f = { ...newOutcomeForm(today), outcome: 'CHANGED' as const, documentRef: '', documentDate: '2026-04-01', reason: '', amountYuan: '1.234', fromMonth: '2026-4' };
    expect(Object.keys(checkOutcomeForm(f, appeal)).sort()).toEqual(['amountYuan', 'documentDate', 'documentRef', 'fromMonth', 'reason']);
  });

  it("the service's field names mapped onto the form", () => {
    expect(outcomeFieldOf('newDecision.monthlyAmountFen')).toBe('amountYuan');
    expect(outcomeFieldOf('newDecision.effectiveFrom')).toBe('fromMonth');
    expect(outcomeFieldOf('documentRef')).toBe('documentRef');
  });

  it('a new decision: the county approver only; disabled with the reason after 422 appeal_new_decision_unsupported', () => {
    expect(newDecisionAllowed('county_approver', false)).toEqual({ ok: true, reason: '' });
    expect(newDecisionAllowed('street_officer', false).ok).toBe(false);
    expect(newDecisionAllowed('county_approver', true)).toEqual({ ok: false, reason: expect.stringContaining('临时救助不予批准决定') });
    const e = new ApiError(422, 'Unprocessable', '…', [{ field: 'newDecision', message: '…' }], { type: 'urn:sa:problem:rule:appeal_new_decision_unsupported' });
    expect(problemCode(e)).toBe('appeal_new_decision_unsupported');
    expect(problemCode(new ApiError(409, 'c', '', [], { code: 'appeal_already_open' }))).toBe('appeal_already_open');
    expect(problemCode(new Error('x'))).toBe('');
  });

  it('a Chinese domain message is shown as it is, an English validator message in Chinese', () => {
    const zh = keepChinese(() => '日期格式应为 YYYY-MM-DD');
    expect(zh('已超过行政复议期限')).toBe('已超过行政复议期限');
    expect(zh('The rules do not allow an approval: 收入¥1,887.50不低于当地最低生活保障标准')).toBe('收入¥1,887.50不低于当地最低生活保障标准');
    expect(zh('filedOn must be a date YYYY-MM-DD')).toBe('日期格式应为 YYYY-MM-DD');
  });
});

describe('一事一议', () => {
  const file = { current: { opinion: { policyVersion: 'v2', assessment: { temporary: { capFen: 600000, requestedFen: 1500000 } } } } };
  const policy = { version: 'v2', parameters: { temporaryAssistance: { collectiveDecision: { ceilingFen: 2000000, minimumApprovers: 3 } } } };
  const limits = collectiveLimits(file, policy);
  const filled = (over: Partial<CollectiveForm> = {}): CollectiveForm => ({
    ...newCollectiveForm(),
    enabled: true,
    limits,
    amountYuan: '12000',
    approvers: [
      { id: 'c-1', name: '王某某', position: '局长' },
      { id: 'c-2', name: '李某某', position: '' },
      { id: 'c-3', name: '赵某某', position: '' },
    ],
    meetingOn: '2026-06-09',
    minutesRef: ' 局务会纪要〔2026〕7号 ',
    reason: '医疗费用远超常规上限',
    ...over,
  });

  it('the cap, the ceiling and the approvers needed', () => {
    expect(limits).toEqual({ capFen: 600000, ceilingFen: 2000000, minimumApprovers: 3, requestedFen: 1500000, policyVersion: 'v2' });
    expect(limitsText(limits)).toBe('常规救助上限 ¥6,000.00 · 一事一议救助上限 ¥20,000.00 · 至少 3 名不同人员集体研究 · 申请金额 ¥15,000.00');
    expect(limitsText(collectiveLimits(file, { version: 'v1', parameters: { temporaryAssistance: {} } }))).toContain('未设定一事一议救助上限');
  });

  it('not chosen: no checks, nothing in the body', () => {
    expect(checkCollectiveForm(newCollectiveForm())).toEqual({});
    expect(collectiveDecisionPart(newCollectiveForm())).toEqual({});
  });

  it('chosen and valid: the body in fen with the named approvers', () => {
    expect(checkCollectiveForm(filled())).toEqual({});
    expect(collectiveDecisionPart(filled())).toEqual({
      collectiveDecision: {
        amountFen: 1200000,
        approvers: [{ id: 'c-1', name: '王某某', position: '局长' }, { id: 'c-2', name: '李某某' }, { id: 'c-3', name: '赵某某' }],
        meetingOn: '2026-06-09',
        minutesRef: '局务会纪要〔2026〕7号',
        reason: '医疗费用远超常规上限',
      },
    });
  });

  it('refused before sending: not above the cap, above the ceiling, above the request, too few distinct approvers', () => {
    expect(checkCollectiveForm(filled({ amountYuan: '6000' }))).toEqual({ 'collectiveDecision.amountFen': expect.stringContaining('未超过常规救助上限') });
    expect(checkCollectiveForm(filled({ amountYuan: '25000' }))).toEqual({ 'collectiveDecision.amountFen': '超过一事一议救助上限 ¥20,000.00' });
    expect(checkCollectiveForm(filled({ amountYuan: '16000' }))).toEqual({ 'collectiveDecision.amountFen': '超过申请金额 ¥15,000.00' });
    const dup = filled({ approvers: [{ id: 'c-1', name: '王', position: '' }, { id: 'c-1', name: '王', position: '' }, { id: '', name: '', position: '' }] });
    expect(checkCollectiveForm(dup)).toEqual({ 'collectiveDecision.approvers': '须由至少 3 名不同人员集体研究决定(已填写 1 名)' });
    const bad = filled({ meetingOn: '2026-6-11', minutesRef: ' ', reason: '', approvers: [{ id: 'c-1', name: '', position: '' }, { id: 'c-2', name: '李', position: '' }, { id: 'c-3', name: '赵', position: '' }] });
    expect(Object.keys(checkCollectiveForm(bad)).sort()).toEqual([
      'collectiveDecision.approvers[0].name',
      'collectiveDecision.meetingOn',
      'collectiveDecision.minutesRef',
      'collectiveDecision.reason',
    ]);
  });
});

describe('特困 findings', () => {
  it('the self-care level by the number of activities the person cannot do', () => {
    expect(selfCareLevel([])).toBe('SELF_SUFFICIENT');
    expect(selfCareLevel(['EATING', 'BATHING', 'BATHING'])).toBe('PARTLY_DEPENDENT');
    expect(selfCareLevel(['EATING', 'DRESSING', 'BED_TRANSFER'])).toBe('PARTLY_DEPENDENT');
    expect(selfCareLevel(['EATING', 'DRESSING', 'BED_TRANSFER', 'TOILETING'])).toBe('FULLY_DEPENDENT');
  });

  it('the extremePoverty of the opinion: six activities stated, supporters, the supply mode when recorded', () => {
    const form = { ...newExtremePovertyForm(), unable: ['BATHING' as const], supplyMode: 'CENTRALIZED' as const, supporters: [{ relation: ' 儿子 ', ableToSupport: false }] };
    expect(extremePovertyBody(form, 'm-1')).toEqual({
      memberId: 'm-1',
      selfCare: { EATING: 'ABLE', DRESSING: 'ABLE', BED_TRANSFER: 'ABLE', TOILETING: 'ABLE', INDOOR_WALKING: 'ABLE', BATHING: 'UNABLE' },
      supporters: [{ relation: '儿子', ableToSupport: false }],
      supplyMode: 'CENTRALIZED',
    });
    expect(extremePovertyBody({ ...form, supplyMode: 'NONE', memberId: 'm-2' }, 'm-1')).not.toHaveProperty('supplyMode');
    expect(extremePovertyBody({ ...form, memberId: 'm-2' }, 'm-1').memberId).toBe('m-2');
    expect(findingsText(extremePovertyBody(form, 'm-1'))).toBe('集中供养 · 部分丧失生活自理能力(不能:洗澡)');
  });

  it('the dry run of a 特困 household carries the findings about its first member', () => {
    const form = { program: 'EXTREME_POVERTY_SUPPORT' as const, policyVersion: 'v2', onDate: '', members: [{ ...newDryRunMember(), birthDate: '1948-05-20', workAbility: 'NONE' as const }], depositsYuan: '', extremePoverty: { ...newExtremePovertyForm(), unable: ['EATING' as const, 'DRESSING' as const, 'BATHING' as const, 'TOILETING' as const], supplyMode: 'DISPERSED' as const } };
    expect(dryRunBody(form)).toMatchObject({ program: 'EXTREME_POVERTY_SUPPORT', extremePoverty: { memberId: 'm1', supplyMode: 'DISPERSED', selfCare: { EATING: 'UNABLE', INDOOR_WALKING: 'ABLE' }, supporters: [] } });
    expect(dryRunBody({ ...form, program: 'MINIMUM_LIVING_ALLOWANCE' })).not.toHaveProperty('extremePoverty');
  });

  it('a supporter row without its relation is named', () => {
    expect(checkExtremePovertyForm({ ...newExtremePovertyForm(), supporters: [{ relation: ' ', ableToSupport: true }] })).toEqual({
      'extremePoverty.supporters[0].relation': expect.stringContaining('关系'),
    });
  });
});
