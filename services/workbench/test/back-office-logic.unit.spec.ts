/**
 * The back-office pages' pure modules: what a search box takes (case number, masked or full resident
 * ID), when 先行救助 may be approved on a case, who may investigate a complaint.
 */
import { searchCriteria } from '../web/src/search';
import { advanceApproval } from '../web/src/review-actions';
import { mayInvestigate } from '../web/src/follow-up';

describe('search: case number or resident ID, checked before any request', () => {
  it('takes a case number, padding a short sequence', () => {
    expect(searchCriteria(' 330106-2026-000123 ')).toEqual({ caseNumber: '330106-2026-000123' });
    expect(searchCriteria('330106-2026-12')).toEqual({ caseNumber: '330106-2026-000012' });
  });

  it('takes a masked resident ID as it is shown (upper-cased X), and a valid full one', () => {
    expect(searchCriteria('3301**********123x')).toEqual({ residentId: '3301**********123X' });
    expect(searchCriteria('11010519491231002X')).toEqual({ residentId: '11010519491231002X' });
    // as the case file shows it (first six kept): searched by the first four, as intake indexes it
    expect(searchCriteria('330106********123X')).toEqual({ residentId: '3301**********123X' });
  });

  it('refuses a full ID with a wrong check digit, and anything else, in Chinese', () => {
    expect(searchCriteria('110105194912310021')).toEqual({ error: expect.stringMatching(/校验|身份证/) });
    expect(searchCriteria('张三')).toEqual({ error: expect.stringContaining('案件编号') });
    expect(searchCriteria('  ')).toEqual({ error: '请输入案件编号或身份证号' });
  });
});

describe('先行救助: approved on an emergency temporary-assistance case that asked for it, by the reviewer or the county approver', () => {
  const file = (over: Record<string, unknown> = {}) => ({
    program: 'TEMPORARY_ASSISTANCE',
    status: 'INVESTIGATING',
    temporaryAssistance: { type: 'EMERGENCY', emergencyAdvanceRequested: true, requestedAmountFen: 300000 },
    ...over,
  });

  it('is not shown on another kind of case', () => {
    expect(advanceApproval(file({ program: 'MINIMUM_LIVING_ALLOWANCE' }), 'county_approver').shown).toBe(false);
    expect(advanceApproval(file({ temporaryAssistance: { type: 'TRANSITIONAL' } }), 'county_approver').shown).toBe(false);
  });

  it('is disabled with the reason for another role, an application that did not ask, a refused case', () => {
    expect(advanceApproval(file(), 'disbursement_officer')).toEqual({ shown: true, ok: false, reason: expect.stringContaining('街道审核人或区县审批人') });
    expect(advanceApproval(file({ temporaryAssistance: { type: 'EMERGENCY', emergencyAdvanceRequested: false } }), 'street_reviewer')).toMatchObject({ ok: false, reason: '申请时未申请先行救助' });
    expect(advanceApproval(file({ status: 'REFUSED' }), 'county_approver')).toMatchObject({ ok: false, reason: expect.stringContaining('不予批准') });
  });

  it('is allowed to the street reviewer and the county approver', () => {
    expect(advanceApproval(file(), 'street_reviewer')).toEqual({ shown: true, ok: true, reason: '' });
    expect(advanceApproval(file(), 'county_approver')).toEqual({ shown: true, ok: true, reason: '' });
  });
});

describe('complaints: the investigator comes from outside the community concerned', () => {
  it('refuses the community’s own officers and another district, takes the street office and the district', () => {
    const community = '330106001001';
    expect(mayInvestigate({ jurisdiction: community }, community)).toBe(false);
    expect(mayInvestigate({ jurisdiction: '330106001' }, community)).toBe(true);
    expect(mayInvestigate({ jurisdiction: '330106' }, community)).toBe(true);
    expect(mayInvestigate({ jurisdiction: '330106002001' }, community)).toBe(true);
    expect(mayInvestigate({ jurisdiction: '110101' }, community)).toBe(false);
    expect(mayInvestigate({ jurisdiction: '' }, community)).toBe(false);
  });
});
