/**
 * What `@PersonalRead()` counts as a person's data shown in clear (issue #18 item 6): residents'
 * names, resident IDs, phones, addresses and payees' names (recipientName) — not an officer's name
 * (a `name` under actor/officer/assignee/…By), not a masked form, not a shredded field; and the list
 * rule: one entry per item (case) showing such a field, subject its caseId.
 */
import { SHREDDED } from '@sa/crypto';
import { declaredFieldsShown, personalFieldsShown, personalFieldsShownPerItem } from '../src/personal-read';

const ID = '11010519491231002X';

it('counts residents’ names and resident IDs, the payee’s recipientName, not masked or shredded forms', () => {
  expect(
    personalFieldsShown({
      household: { members: [{ name: '赵桂兰', residentId: ID }, { name: SHREDDED }] },
      recipientName: '钱多多',
      applicantMasked: '赵某',
      bankAccountMasked: '6217********5678',
    }),
  ).toEqual({ fields: ['household.members[].name', 'household.members[].residentId', 'recipientName'], residentIds: [ID] });
});

it('does not count an officer’s name (actor, officer, assignee, approvedBy, …) as a person’s data', () => {
  const body = {
    metadata: { actor: { id: 'u1', name: '王科员' } },
    officer: { name: '李街道' },
    assignees: [{ name: '张社工' }],
    investigation: { assignedTo: { name: '孙社区' } },
    approvedBy: { name: '周县' },
    decidedBy: { name: '吴审批' },
  };
  expect(personalFieldsShown(body)).toEqual({ fields: [], residentIds: [] });
  expect(personalFieldsShown([{ data: { household: { members: [{ name: '赵桂兰' }] } }, metadata: { actor: { name: '王科员' } } }]).fields).toEqual(['[].data.household.members[].name']);
});

it('list rule: one entry per case shown with a person’s field; items without one or without a caseId are not recorded', () => {
  const body = {
    items: [
      { caseId: 'c1', recipientName: '赵桂兰', bankAccountMasked: '6217****' },
      { caseId: 'c2', recipientName: null },
      { caseId: 'c3', recipientName: '钱多多', approvedBy: { name: '周县' } },
      { recipientName: '无案件' },
    ],
    total: 4,
  };
  expect(personalFieldsShownPerItem(body, true)).toEqual([
    { subject: 'c1', fields: ['items[].recipientName'], residentIds: [] },
    { subject: 'c3', fields: ['items[].recipientName'], residentIds: [] },
  ]);
  expect(personalFieldsShownPerItem({ tasks: [{ caseId: 'c9', memberName: '孙', residentIdMasked: '1101**********002X' }] }, 'tasks')).toEqual([{ subject: 'c9', fields: ['tasks[].memberName'], residentIds: [] }]);
  expect(personalFieldsShownPerItem({ total: 0 }, true)).toEqual([]);
});

it('a route\'s declared extra fields (shows: repaymentPlans[].reason …) count only when present, non-empty and not 已销毁', () => {
  const paths = ['repaymentPlans[].reason', 'repaymentPlans[].repayments[].reason'];
  const plan = (reason: unknown, repayments: unknown[] = []) => ({ planId: 'p', totalFen: 120_000, reason, repayments });
  expect(declaredFieldsShown({ repaymentPlans: [plan(SHREDDED), plan('长子住院，分期退还')] }, paths)).toEqual(['repaymentPlans[].reason']);
  expect(declaredFieldsShown({ repaymentPlans: [plan(SHREDDED, [{ amountFen: 1, reason: '先还一部分' }])] }, paths)).toEqual(['repaymentPlans[].repayments[].reason']);
  expect(declaredFieldsShown({ repaymentPlans: [plan(SHREDDED, [{ reason: SHREDDED }]), plan(' '), plan(null)] }, paths)).toEqual([]);
  expect(declaredFieldsShown({ repaymentPlans: [] }, paths)).toEqual([]);
  expect(declaredFieldsShown({}, paths)).toEqual([]);
  expect(declaredFieldsShown({ note: '说明' }, ['note', 'note'])).toEqual(['note']);
});
