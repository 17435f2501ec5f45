/**
 * The personal-data read log (intake `GET /privacy/read-log`, "谁看过我的档案") as an auditor reads it:
 * intake records each read with the channel it came through (`http GET /applications/:caseId?reveal=`,
 * `http GET /work-queue`, `export`, …) and the fields shown as paths (`form.**.residentId`,
 * `form.bankAccount.accountNumber`, `applicantName`, …). Each becomes a Chinese label; a read that showed
 * resident IDs or the bank account in full (a reveal) is called out as such.
 */

/** How the file was read, in Chinese; an unknown channel is named as 其他方式 with nothing invented. */
export function readChannelLabel(channel: string | null | undefined): string {
  const c = String(channel ?? '');
  if (/[?&]reveal=/.test(c) || c === 'reveal') return '查看完整号码';
  if (c === 'export') return '个人信息导出';
  if (c === 'document') return '文书';
  if (c === 'api') return '接口';
  if (/^http GET \/applications\/:caseId$/.test(c)) return '查阅案卷(脱敏)';
  if (/^http GET \/applications \(search\)$/.test(c)) return '案件检索';
  if (/^http GET \/work-queue/.test(c)) return '待办列表';
  if (/^http GET \/leads/.test(c)) return '主动发现线索';
  return '其他方式';
}

const FIELD_RULES: [RegExp, string][] = [
  [/^\*$/, '全部个人信息'],
  [/residentId$/i, '身份证号'],
  [/bankAccount(\.accountNumber)?$/i, '银行账号'],
  [/phone$/i, '电话'],
  [/(^|\.)(applicantName|name|subject_name|membersCovered\[\])$/i, '姓名'],
  [/birthDate$/i, '出生日期'],
  [/(^|\.)(reasons\[\]|reason\.description)$/i, '书面理由'],
  [/address$/i, '住址'],
  [/(disability|severeIllness)$/i, '残疾/重病'],
  [/incomes?$/i, '收入'],
  [/assets?$/i, '财产'],
  [/household$/i, '家庭成员'],
];

/** The fields a read showed, in Chinese, each once, in the order first met; unknown paths as 其他信息 (once). */
export function readFieldsLabel(fields: readonly string[] | null | undefined): string {
  const out: string[] = [];
  for (const f of fields ?? []) {
    const name = FIELD_RULES.find(([re]) => re.test(f))?.[1] ?? '其他信息';
    if (!out.includes(name)) out.push(name);
  }
  return out.join('、') || '—';
}

/** Whether a read showed resident IDs or the bank account in full (the reveals an auditor looks for). */
export function isFullNumberRead(entry: { channel?: string | null; fields?: readonly string[] | null }): boolean {
  return readChannelLabel(entry.channel) === '查看完整号码' || (entry.fields ?? []).includes('*');
}

/**
 * Where a payee's full account number can be read: a payee named by the approval as "the application's
 * account" (`application:<caseId>:bankAccount`, as the review panel and the appeals form send it) is in
 * intake's file, shown in full to a disbursement officer who gives a reason (logged); any other reference
 * points into the bank's account registry, where the number is not kept by this system.
 */
export function accountInApplication(caseId: string, bankAccountRef: string | null | undefined): boolean {
  return Boolean(caseId) && bankAccountRef === `application:${caseId}:bankAccount`;
}

/**
 * Who read a case through the audit API (`GET /audit/read-access`, 本案查阅日志): the reader is the row's
 * `actorId` / `actorRole`. The row's own `id` is the log's sequence number, not a person — read as the reader
 * it made every reader look like "审计 · 6".
 */
export function readAccessReader(row: { actorId?: string | null; actorRole?: string | null } | null | undefined): { id: string; role: string } | null {
  if (!row || (!row.actorId && !row.actorRole)) return null;
  return { id: row.actorId ?? '', role: row.actorRole ?? '' };
}
