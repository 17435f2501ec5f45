import { reactive, ref, shallowRef } from 'vue';
import { ApiError } from './api-error';
import { CONCURRENT_CHANGE_TEXT, fieldLabel, isConcurrentChange, problemCodeText, problemText, zhMessage } from './labels';

/**
 * The problem+json behaviour every workbench form shares (`useProblemForm()`):
 *   - a field's errors — this browser's own checks first, then the service's `errors[]` — in Chinese,
 *     next to the field (`:error="pf.err('visitedOn')"` on an el-form-item, or `<FieldError>`); a field
 *     edited since the answer no longer shows its old error;
 *   - a 409 `concurrency-conflict` (someone else changed the case) reloads it (`onConflict`) and says so; any
 *     other 409 is a rule of the case's current state (`round_in_progress`, `resident_in_open_application`, …):
 *     said with its own Chinese message (labels.ts `PROBLEM_CODE`), nothing reloaded;
 *   - any other failure is said in Chinese above the form (`problemText`), naming the fields the form does not show;
 *   - the form's input is never touched, so nothing typed is lost when a request fails.
 */
export interface FormMessage {
  type: 'success' | 'error' | 'warning';
  text: string;
}

export interface ProblemFormOptions {
  /** A 409 `concurrency-conflict`: reload what the form is about (the case), then the form says it was reloaded. */
  onConflict?: () => unknown;
  /** The service's field name → the form's (default: the same). */
  fieldOf?: (serviceField: string) => string;
  /** The service's English message in Chinese for this form (default: zhMessage). */
  zh?: (message: string, field: string) => string;
  /** The fields the form shows (prefixes); errors on any other field are listed above the form with their message. */
  fields?: readonly string[];
}

export const CONFLICT_TEXT = '该案件已被他人修改,已重新加载;您填写的内容仍保留在本页,请核对后重新提交。';

export function useProblemForm(opts: ProblemFormOptions = {}) {
  const busy = ref(false);
  const message = ref<FormMessage | null>(null);
  const apiError = shallowRef<ApiError | null>(null);
  const local = ref<Record<string, string>>({});
  const edited = ref(new Set<string>());
  const map = opts.fieldOf ?? ((f: string) => f);
  const zh = opts.zh ?? ((m: string) => zhMessage(m));

  /** The errors of a field path (or of anything under it), in Chinese; '' when none. */
  function err(path: string): string {
    if (local.value[path]) return local.value[path]!;
    if (edited.value.has(path) || !apiError.value) return '';
    const rule = problemCodeText(apiError.value);
    const msgs = apiError.value.errors
      .filter((e) => {
        const f = map(e.field);
        return f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`);
      })
      .map((e) => rule ?? zh(e.message, map(e.field)));
    return [...new Set(msgs)].join(';');
  }

  /** The officer changed a field: its old errors go. */
  function edit(path: string) {
    edited.value = new Set(edited.value).add(path);
    if (local.value[path]) {
      const { [path]: _gone, ...rest } = local.value;
      local.value = rest;
    }
  }

  /** This browser's own checks (field → Chinese message); true when there are none. */
  function check(errors: Record<string, string>): boolean {
    local.value = errors;
    if (Object.keys(errors).length) message.value = { type: 'error', text: '请按提示修改标红的字段。' };
    return Object.keys(errors).length === 0;
  }

  function dismiss() {
    message.value = null;
  }

  function reset() {
    message.value = null;
    apiError.value = null;
    local.value = {};
    edited.value = new Set();
  }

  /** Shows a failure: field errors next to the fields, a concurrent change reloads, anything else above the form. */
  async function fail(e: unknown) {
    if (!(e instanceof ApiError)) {
      message.value = { type: 'error', text: String(e) };
      return;
    }
    apiError.value = e;
    if (isConcurrentChange(e)) {
      // Reloaded (the form's input kept) when the form knows how; otherwise the officer is asked to refresh.
      message.value = { type: 'warning', text: opts.onConflict ? CONFLICT_TEXT : CONCURRENT_CHANGE_TEXT };
      if (opts.onConflict) await opts.onConflict();
      return;
    }
    const shown = (f: string) => !opts.fields || opts.fields.some((p) => f === p || f.startsWith(`${p}.`) || f.startsWith(`${p}[`));
    const fields = [...new Set(e.errors.filter((x) => shown(map(x.field))).map((x) => fieldLabel(map(x.field))))];
    const rule = problemCodeText(e);
    if (rule) {
      // A refusal the workbench can say in Chinese: that sentence, and where it applies when the form shows the field.
      message.value = { type: 'error', text: `${rule}${fields.length ? `(${fields.join('、')})` : ''}` };
      return;
    }
    const others = e.errors.filter((x) => !shown(map(x.field))).map((x) => `${x.field}:${zh(x.message, x.field)}`);
    message.value = {
      type: 'error',
      text: `${problemText(e)}${fields.length ? `(${fields.join('、')})` : ''}${others.length ? ` ${others.join(';')}` : ''}`,
    };
  }

  /**
   * Runs one request of the form: clears the old answer, shows `done` (a text, or made from the
   * result) on success, or the failure as above. Resolves to the result, or undefined when it failed.
   */
  async function run<T>(action: () => Promise<T>, done?: string | ((result: T) => string)): Promise<T | undefined> {
    reset();
    busy.value = true;
    try {
      const result = await action();
      if (done) message.value = { type: 'success', text: typeof done === 'string' ? done : done(result) };
      return result;
    } catch (e) {
      await fail(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  // reactive(): the template reads pf.busy, pf.message (refs unwrapped) and calls pf.err('field').
  return reactive({ busy, message, apiError, local, err, edit, check, dismiss, reset, fail, run });
}

export type ProblemForm = ReturnType<typeof useProblemForm>;
