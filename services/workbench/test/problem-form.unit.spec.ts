/**
 * useProblemForm(): the problem+json behaviour of every workbench form — field errors in Chinese next
 * to the field (the browser's own checks first), a concurrent change (409 concurrency-conflict) reloading the case
 * and saying so, any other 409 said by its own Chinese message, other
 * failures above the form naming the fields, and the form's input left as typed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reactive } from 'vue';
import { CONCURRENCY_CONFLICT_TYPE, CONCURRENT_CHANGE_TEXT, fieldLabel, isConcurrentChange, problemCodeOf, problemText } from '../web/src/labels';
import { ApiError } from '../web/src/api-error';
import { CONFLICT_TEXT, useProblemForm } from '../web/src/problem-form';

const problem = (status: number, errors: { field: string; message: string }[] = [], extra: Record<string, unknown> = {}) =>
  new ApiError(status, status === 400 ? 'Bad Request' : 'Conflict', '', errors, { status, ...extra });

describe('useProblemForm', () => {
  it('puts the service’s field errors next to their fields, in Chinese, and keeps the input', async () => {
    const input = reactive({ visitedOn: '2026-13-01', findings: '' });
    const pf = useProblemForm();
    const result = await pf.run(async () => {
      throw problem(400, [
        { field: 'visitedOn', message: 'visitedOn must be a date YYYY-MM-DD' },
        { field: 'officers[1].id', message: 'officers[1].id should not be empty' },
      ]);
    }, '已办理');
    expect(result).toBeUndefined();
    expect(pf.err('visitedOn')).toBe('日期格式应为 YYYY-MM-DD');
    expect(pf.err('officers')).toBe('必填'); // an error under the field counts for it
    expect(pf.err('findings')).toBe('');
    expect(pf.message).toEqual({ type: 'error', text: expect.stringContaining('请按提示修改标红的字段') });
    expect(pf.busy).toBe(false);
    expect(input).toEqual({ visitedOn: '2026-13-01', findings: '' });
    // Edited since the answer: the old error goes.
    pf.edit('visitedOn');
    expect(pf.err('visitedOn')).toBe('');
  });

  it('maps the service’s field names onto the form’s', async () => {
    const pf = useProblemForm({ fieldOf: (f) => (f === 'parameters.subsistenceStandard' ? 'standardYuan' : f) });
    await pf.run(async () => {
      throw problem(400, [{ field: 'parameters.subsistenceStandard', message: 'must be an integer' }]);
    });
    expect(pf.err('standardYuan')).toBe('请填写数字(金额以分为单位的整数)');
  });

  it('the browser’s own checks come first and stop the request', () => {
    const pf = useProblemForm();
    expect(pf.check({ amount: '请填写金额(元),最多两位小数' })).toBe(false);
    expect(pf.err('amount')).toBe('请填写金额(元),最多两位小数');
    expect(pf.message?.type).toBe('error');
    pf.edit('amount');
    expect(pf.err('amount')).toBe('');
    expect(pf.check({})).toBe(true);
  });

  it('only a 409 concurrency-conflict reloads the case and says so; a rule 409 says its own Chinese message, nothing reloaded', async () => {
    let reloads = 0;
    const pf = useProblemForm({ onConflict: () => reloads++, fields: ['items', 'reason'] });
    await pf.run(async () => {
      throw problem(409, [], { type: CONCURRENCY_CONFLICT_TYPE, detail: 'The case is at revision 7, not 6' });
    });
    expect(reloads).toBe(1);
    expect(pf.message).toEqual({ type: 'warning', text: CONFLICT_TEXT });
    // verification's objection while a round runs: 409 round_in_progress on reportVersion (a field the form does not show)
    await pf.run(async () => {
      throw problem(409, [{ field: 'reportVersion', message: 'a verification round is in progress; object once it is done' }], {
        type: 'urn:sa:problem:rule:round_in_progress',
        code: 'round_in_progress',
      });
    });
    expect(reloads).toBe(1);
    expect(pf.message).toEqual({ type: 'error', text: '本轮核对尚未完成,请待核对报告出具后再办理' });
    expect(pf.message?.text).not.toContain('他人修改');
    // a rule 409 on a field the form shows: the same sentence next to the field
    await pf.run(async () => {
      throw problem(409, [{ field: 'items[0]', message: 'items[0]: TAX of member m1 is not in report 2' }], { code: 'item_not_in_report' });
    });
    expect(pf.err('items')).toBe('所选核对项不在当前核对报告中');
    expect(pf.message?.text).toBe(`所选核对项不在当前核对报告中(${fieldLabel('items')})`);
    // a 409 whose code the workbench does not know: a conflict with the case's state, never "someone else changed it"
    await pf.run(async () => {
      throw new ApiError(409, 'Conflict with the current state', 'appeal already open', [], { status: 409, type: 'urn:sa:problem:rule:appeal_already_open', code: 'appeal_already_open' });
    });
    expect(reloads).toBe(1);
    expect(pf.message).toEqual({ type: 'error', text: '与案件当前状态不符,未办理(appeal already open)' });
  });

  it('a concurrent change on a form that cannot reload asks the officer to refresh (nothing said to be reloaded)', async () => {
    const pf = useProblemForm();
    await pf.run(async () => {
      throw problem(409, [], { type: CONCURRENCY_CONFLICT_TYPE });
    });
    expect(pf.message).toEqual({ type: 'warning', text: CONCURRENT_CHANGE_TEXT });
    expect(pf.message?.text).not.toContain('已重新加载');
  });

  it('intake’s duplicate-household 409 names the other open application in Chinese', async () => {
    const pf = useProblemForm();
    await pf.run(async () => {
      throw problem(409, [{ field: 'household.members[1].residentId', message: 'resident 3301**********1234 is already in open application 330106-2026-000007' }], {
        code: 'resident_in_open_application',
        otherCaseNumbers: ['330106-2026-000007'],
      });
    });
    expect(pf.err('household.members[1].residentId')).toBe('家庭成员已在另一件办理中的申请中(330106-2026-000007),不能重复申请');
    expect(pf.message?.type).toBe('error');
  });

  it('a success says what was done and clears the old errors', async () => {
    const pf = useProblemForm();
    await pf.run(async () => {
      throw problem(400, [{ field: 'note', message: 'note should not be empty' }]);
    });
    expect(pf.err('note')).toBe('必填');
    const res = await pf.run(async () => ({ leadId: 'L1' }), (r) => `已登记 ${r.leadId}`);
    expect(res).toEqual({ leadId: 'L1' });
    expect(pf.err('note')).toBe('');
    expect(pf.message).toEqual({ type: 'success', text: '已登记 L1' });
  });

  it('a network failure is said above the form', async () => {
    const pf = useProblemForm();
    await pf.run(async () => {
      throw new ApiError(0, '网络连接失败', '请求没有送达，请检查网络后重试；已填写的内容不会丢失。', [], {});
    });
    expect(pf.message?.text).toContain('已填写的内容不会丢失');
  });
});

describe('problemText: every page reads a refusal the same way', () => {
  const answer = (status: number, problem: Record<string, unknown>, detail = '') => ({ status, title: 'Conflict', detail, problem: { status, ...problem } });

  it('knows a concurrent change by its type only', () => {
    expect(isConcurrentChange(answer(409, { type: CONCURRENCY_CONFLICT_TYPE }))).toBe(true);
    expect(isConcurrentChange(answer(409, { type: 'urn:sa:problem:rule:round_in_progress', code: 'round_in_progress' }))).toBe(false);
    expect(isConcurrentChange(answer(409, {}))).toBe(false);
    expect(isConcurrentChange(answer(422, { type: CONCURRENCY_CONFLICT_TYPE }))).toBe(false);
    expect(isConcurrentChange(null)).toBe(false);
  });

  it('reads the code from `code`, else from the rule type', () => {
    expect(problemCodeOf(answer(409, { code: 'task_cancelled' }))).toBe('task_cancelled');
    expect(problemCodeOf(answer(409, { type: 'urn:sa:problem:rule:task_already_completed' }))).toBe('task_already_completed');
    expect(problemCodeOf(answer(409, { type: CONCURRENCY_CONFLICT_TYPE }))).toBe('');
  });

  it('a concurrent change, a known rule, an unknown 409, and the other statuses', () => {
    expect(problemText(answer(409, { type: CONCURRENCY_CONFLICT_TYPE }))).toBe(CONCURRENT_CHANGE_TEXT);
    expect(problemText(answer(409, { code: 'round_in_progress' }, 'a verification round is still in progress'))).toBe('本轮核对尚未完成,请待核对报告出具后再办理');
    expect(problemText(answer(409, { type: 'urn:sa:problem:rule:task_cancelled' }))).toContain('该信函索证任务已取消');
    const unknown = problemText(answer(409, { code: 'redetermination_open' }, 'a re-determination is open'));
    expect(unknown).toBe('与案件当前状态不符,未办理(a re-determination is open)');
    expect(unknown).not.toMatch(/他人修改|重新加载/);
    expect(problemText(answer(404, {}))).toBe('找不到该记录,可能不在您的辖区内');
    expect(problemText(answer(503, {}))).toContain('服务暂时不可用');
  });
});

describe('useProblemForm: errors on fields the form does not show', () => {
  it('lists them above the form with their message', async () => {
    const pf = useProblemForm({ fields: ['version', 'reason'] });
    await pf.run(async () => {
      throw problem(400, [
        { field: 'reason', message: 'reason should not be empty' },
        { field: 'parameters.marginalLineRatio', message: 'must be a number' },
      ]);
    });
    expect(pf.err('reason')).toBe('必填');
    expect(pf.message?.text).toContain('parameters.marginalLineRatio:请填写数字');
  });
});

describe('fieldLabel: the fields named above a form are in Chinese', () => {
  // Every field a workbench form shows with a service error next to it: <el-form-item label="…" :error="….err('path')">.
  const forms = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? forms(join(dir, d.name)) : d.name.endsWith('.vue') ? [join(dir, d.name)] : []));
  const fields = forms(join(__dirname, '../web/src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/<el-form-item([^>]*)>/g)]
      .map((m) => /err\(\s*[`'"]([^`'"]+)[`'"]/.exec(m[1]!)?.[1])
      .filter((f): f is string => !!f)
      .map((f) => ({ file: file.replace(/.*web\/src\//, ''), field: f.replace(/\[\$\{[^}]+\}\]/g, '[0]').replace(/\$\{[^}]+\}/g, 'x').replace(/^x\./, '') })),
  );

  it('finds the forms’ fields (the scan is not empty)', () => {
    expect(fields.length).toBeGreaterThan(80);
  });

  it('names every one of them in Chinese, never by its code name', () => {
    const english = fields.filter(({ field }) => /[a-z]/i.test(fieldLabel(field)) || fieldLabel(field) === '其他字段');
    expect(english).toEqual([]);
  });

  it('reads the last segment of a path and keeps the regex names', () => {
    expect(fieldLabel('noticeReceivedOn')).toBe('收到决定日期');
    expect(fieldLabel('members[2].residentId')).toBe('居民身份证号');
    expect(fieldLabel('findings.extremePoverty[0].supplyMode')).toBe('供养方式');
    expect(fieldLabel('approvers[1].id')).toBe('参加审议人员');
    expect(fieldLabel('someNewField')).toBe('其他字段');
  });
});
