/**
 * The printable case report names officers: the audit service marks each actor by role and id, the
 * gateway puts the name from its directory in place of the id (escaped), an unknown id stays.
 */
import { renderHistoryHtml } from '../../audit/src/domain';
import { isCaseReport, nameActors } from '../src/report-names';

const APPROVER = '5f3c1a2b-0000-4000-8000-000000000001';
const OFFICER = 'a7e1c2d3-0000-4000-8000-000000000002';

function report(): string {
  const entry = (id: string, role: string, label: string) => ({
    occurredAt: '2026-03-16T10:00:00+08:00',
    recordedAt: '2026-03-16T02:00:00.000Z',
    context: 'eligibility' as const,
    contextLabel: '审核确认',
    streamId: 'reviewCase-x',
    revision: 1,
    eventId: `${id}-e`,
    type: 'CaseApproved',
    label,
    actor: { id, role, jurisdiction: '330106' },
    reason: '符合条件',
    evidenceRefs: [],
    policyVersion: '330106-2026-01',
    consentRefs: [],
  });
  return renderHistoryHtml({
    caseId: 'c0ffee00-0000-4000-8000-000000000000',
    entries: [entry(APPROVER, 'county_approver', '审核确认:批准'), entry(OFFICER, 'street_officer', '入户调查')] as never,
    generatedAt: '2026-04-10T02:00:00Z',
    generatedBy: 'auditor-<x>',
  });
}

describe('case report: officer names from the directory', () => {
  it('puts the known officer’s name after the role, keeps the id of an unknown one', () => {
    const html = nameActors(report(), new Map([[APPROVER, { id: APPROVER, name: '王芳' }]]));
    expect(html).toContain(`<span class="role">区县审批人</span> <span class="who">王芳</span>`);
    expect(html).toContain(`<span class="role">街道经办人</span> <span class="who">${OFFICER}</span>`);
    expect(html).not.toContain(`<span class="who">${APPROVER}</span>`);
    // the auditor's id (escaped by the report) is matched and stays when unknown
    expect(html).toContain('<span class="who">auditor-&lt;x&gt;</span>');
  });

  it('escapes a name from the directory; with no directory the report is unchanged', () => {
    const html = nameActors(report(), new Map([[APPROVER, { id: APPROVER, name: '<b>王芳</b>' }]]));
    expect(html).toContain('<span class="who">&lt;b&gt;王芳&lt;/b&gt;</span>');
    expect(nameActors(report(), new Map())).toBe(report());
  });

  it('applies to the HTML case report only', () => {
    expect(isCaseReport('GET', `/api/audit/audit/cases/${APPROVER}/history`, new URLSearchParams('format=html&purpose=x'))).toBe(true);
    expect(isCaseReport('GET', `/api/audit/audit/cases/${APPROVER}/history`, new URLSearchParams('purpose=x'))).toBe(false);
    expect(isCaseReport('POST', `/api/audit/audit/cases/${APPROVER}/history`, new URLSearchParams('format=html'))).toBe(false);
    expect(isCaseReport('GET', `/api/intake/audit/cases/${APPROVER}/history`, new URLSearchParams('format=html'))).toBe(false);
  });
});
