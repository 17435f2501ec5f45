/**
 * 谁看过我的档案: intake's read-log channels and field paths, as the auditor's table labels them — a reveal
 * (the resident IDs or the bank account shown in full, with the reason given) is called out as such.
 */
import { BANK_ACCOUNT_FIELD, MASKED_READ_FIELDS, READ_CHANNEL, REVEAL_CHANNEL, REVEALED_FIELDS } from '../../intake/src/queries/get-application/get-application';
import { accountInApplication, isFullNumberRead, readAccessReader, readChannelLabel, readFieldsLabel } from '../web/src/read-log';
import { actorLabel } from '../web/src/officers';

describe('read-log labels', () => {
  it('names intake\'s reveal channel 查看完整号码 and a masked read of the file as such', () => {
    expect(readChannelLabel(REVEAL_CHANNEL)).toBe('查看完整号码');
    expect(readChannelLabel(READ_CHANNEL)).toBe('查阅案卷(脱敏)');
    expect(readChannelLabel('http GET /applications (search)')).toBe('案件检索');
    expect(readChannelLabel('http GET /work-queue')).toBe('待办列表');
    expect(readChannelLabel('http GET /leads/overdue')).toBe('主动发现线索');
    expect(readChannelLabel('export')).toBe('个人信息导出');
    expect(readChannelLabel('something new')).toBe('其他方式');
    expect(readChannelLabel(undefined)).toBe('其他方式');
  });

  it('labels the fields a reveal shows (IDs, phone, bank account) and a masked read (names, address, health, income) in Chinese, each once', () => {
    expect(readFieldsLabel([...REVEALED_FIELDS, BANK_ACCOUNT_FIELD, ...MASKED_READ_FIELDS])).toBe('身份证号、电话、银行账号、姓名、住址、残疾/重病、收入');
    expect(readFieldsLabel(MASKED_READ_FIELDS)).toBe('姓名、住址、残疾/重病、收入');
    expect(readFieldsLabel(['applicantName'])).toBe('姓名');
    expect(readFieldsLabel(['leads.subject_name'])).toBe('姓名');
    // the letters (审批决定书, 变更通知书): the members covered are names; a refusal's reasons and a change's reason are written reasons
    expect(readFieldsLabel(['applicantName', 'membersCovered[]'])).toBe('姓名');
    expect(readFieldsLabel(['applicantName', 'reasons[]'])).toBe('姓名、书面理由');
    expect(readFieldsLabel(['applicantName', 'reason.description'])).toBe('姓名、书面理由');
    expect(readFieldsLabel(['household.members[].birthDate'])).toBe('出生日期');
    expect(readFieldsLabel(['*'])).toBe('全部个人信息');
    expect(readFieldsLabel(['form.unheardOf', 'form.other'])).toBe('其他信息');
    expect(readFieldsLabel([])).toBe('—');
  });

  it('tells a full-number read from a masked one', () => {
    expect(isFullNumberRead({ channel: REVEAL_CHANNEL, fields: REVEALED_FIELDS })).toBe(true);
    expect(isFullNumberRead({ channel: READ_CHANNEL, fields: MASKED_READ_FIELDS })).toBe(false);
    expect(isFullNumberRead({ channel: 'export', fields: ['*'] })).toBe(true);
  });
});

describe('accountInApplication', () => {
  const caseId = 'c0ffee00-0000-4000-8000-000000000000';
  it('is the application\'s account when the approval named it (the review panel\'s reference), not a registry reference or another case\'s', () => {
    expect(accountInApplication(caseId, `application:${caseId}:bankAccount`)).toBe(true);
    expect(accountInApplication(caseId, 'bank-account:workbench-new')).toBe(false);
    expect(accountInApplication(caseId, 'application:c0ffee00-0000-4000-8000-000000000001:bankAccount')).toBe(false);
    expect(accountInApplication(caseId, undefined)).toBe(false);
  });
});

describe('本案查阅日志: the reader of a read-access row', () => {
  // As audit's GET /audit/read-access answers (services/audit/src/application/audit-store.ts): `id` is the row's sequence number.
  const row = { id: '6', readAt: '2026-03-16T02:00:00.000Z', actorId: 'kc-auditor-1', actorRole: 'auditor', actorJurisdiction: '330106', action: 'history', purpose: '年度审计' };

  it('is the actor, not the log row (was shown as "审计 · 6")', () => {
    expect(readAccessReader(row)).toEqual({ id: 'kc-auditor-1', role: 'auditor' });
    const officers = new Map([['kc-auditor-1', { id: 'kc-auditor-1', name: '李审', role: 'auditor', jurisdiction: '330106' }]]);
    expect(actorLabel(readAccessReader(row), officers)).toBe(`李审(${actorLabel({ id: '', role: 'auditor' }, new Map())})`);
    expect(actorLabel(readAccessReader(row), new Map())).not.toContain('6');
    expect(actorLabel(readAccessReader(row), new Map())).toContain('kc-audit');
  });

  it('is nobody for a row without an actor', () => {
    expect(readAccessReader({ actorId: null, actorRole: null })).toBeNull();
    expect(readAccessReader(null)).toBeNull();
  });
});
