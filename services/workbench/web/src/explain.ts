/**
 * Rendering the rule engine's explanation (eligibility's `assessment.explanation`) as table rows:
 * amounts (keys ending in `Fen`, and the standard) shown in 元 from fen, member ids as names. Nothing
 * is recomputed here.
 */
import { yuan } from './format';

const MONEY_KEY = /(fen|subsistenceStandard|amount)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function explainValue(v: unknown, key = '', names: Record<string, string> = {}): string {
  if (v === null || v === undefined) return '—';
  if ((typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v))) && MONEY_KEY.test(key)) return yuan(v as number | string);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return UUID.test(v) ? (names[v] ?? v.slice(0, 8)) : v;
  if (Array.isArray(v)) return v.map((x) => explainValue(x, key, names)).join(',');
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${explainValue(x, k, names)}`)
      .join(';');
  }
  return String(v);
}

export interface ExplanationRow {
  rule: string;
  step: string;
  inputs: string;
  parameters: string;
  result: string;
}

const clip = (s: string, n = 240) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The explanation steps as rows officers can read aloud to the household. */
export function explanationRows(steps: any[] | null | undefined, names: Record<string, string> = {}): ExplanationRow[] {
  return (steps ?? []).map((s) => ({
    rule: String(s.rule ?? ''),
    step: String(s.description?.zh ?? s.description?.en ?? s.rule ?? ''),
    inputs: clip(explainValue(s.inputs ?? {}, '', names)),
    parameters: clip(explainValue(s.parameters ?? {}, '', names)),
    result: clip(explainValue(s.result, '', names)),
  }));
}
