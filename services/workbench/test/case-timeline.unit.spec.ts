/**
 * 办理记录 on the case page: audit's timeline entries as the rows shown — Chinese labels as given, the actor
 * named from the officer directory, reason, policy version, the folded routine records; 6 first, then all.
 */
import { TIMELINE_FIRST, timelineRows, visibleRows, type TimelineEntry } from '../web/src/case-timeline';
import type { DirectoryOfficer } from '../web/src/officers';

const officers = new Map<string, DirectoryOfficer>([['u-approver', { id: 'u-approver', name: '李审批', role: 'county_approver', jurisdiction: '330106' }]]);

const entry = (i: number, over: Partial<TimelineEntry> = {}): TimelineEntry => ({
  at: `2026-03-${String(20 - i).padStart(2, '0')}T02:00:00.000Z`,
  context: 'eligibility',
  contextLabel: '审核确认',
  eventId: `e-${i}`,
  type: 'HomeVisitRecorded',
  label: '入户调查',
  actor: { id: `u-${i}`, role: 'street_officer', jurisdiction: '330106001', roleLabel: '街道经办人' },
  reason: null,
  policyVersion: null,
  step: { folded: [], until: null },
  ...over,
});

describe('办理记录 rows', () => {
  it('who, when (Asia/Shanghai), what, why, policy version', () => {
    const [row] = timelineRows(
      [entry(0, { type: 'CaseApproved', label: '审核确认：批准', actor: { id: 'u-approver', role: 'county_approver', jurisdiction: '330106' }, reason: '符合条件', policyVersion: '330106-2026-01' })],
      officers,
    );
    expect(row).toEqual({ key: 'e-0', when: '2026-03-20 10:00', context: '审核确认', what: '审核确认：批准', who: '李审批(区县审批人)', reason: '符合条件', policyVersion: '330106-2026-01', folded: '' });
  });

  it('an officer not in the directory by role and short id; the system as 系统自动; folded records counted', () => {
    const rows = timelineRows(
      [
        entry(1, { actor: { id: '5f3c1a2b-0000-4000-8000-000000000000', role: 'street_officer', jurisdiction: '330106001' } }),
        entry(2, {
          context: 'verification',
          contextLabel: '核对',
          label: '核对开始',
          actor: { id: 'system', role: 'system', jurisdiction: '330106' },
          step: { folded: [{ label: '数据源查询请求', count: 20 }, { label: '数据源结果返回', count: 10 }], until: '2026-03-03T02:00:40.000Z' },
        }),
      ],
      officers,
    );
    expect(rows[0]!.who).toContain('5f3c1a2b');
    expect(rows[1]).toMatchObject({ who: '系统自动', context: '核对', folded: '含系统自动记录:数据源查询请求 ×20、数据源结果返回 ×10' });
  });

  it(`the first ${TIMELINE_FIRST} rows in the order given (newest first), all after 显示全部`, () => {
    const rows = timelineRows(Array.from({ length: 9 }, (_, i) => entry(i)), officers);
    expect(visibleRows(rows, false).map((r) => r.key)).toEqual(['e-0', 'e-1', 'e-2', 'e-3', 'e-4', 'e-5']);
    expect(visibleRows(rows, true)).toHaveLength(9);
    expect(visibleRows(rows.slice(0, 3), false)).toHaveLength(3);
  });
});
