/**
 * The one formatter of the rule engine's explanation (eligibility's `assessment.explanation`), used by
 * the case page (审核确认 panel) and the audit page (决定说明): every key the engine writes in a step's
 * inputs, parameters and result gets a Chinese label; money (keys ending in `Fen`, the standard) is
 * shown in 元 from integer fen (format.ts); booleans 是/否; codes (income types, asset kinds,
 * origins, registries, outcomes, exclusions …) through labels.ts; lists as short phrases such as
 * "张伟 银行存款 ¥9,120.11（核对：银行存款）"; member ids as names where the case gives them.
 * Nothing is recomputed here.
 */
import { yuan } from './format';
import {
  ASSESSMENT_OUTCOME,
  ASSESSMENT_REASON,
  ASSET_KIND,
  FIGURE_ORIGIN,
  FORM_INCOME_TYPE,
  FORM_RELATION,
  PROGRAM,
  RULE_CODE,
} from './labels';
import { SOURCE } from './back-office-labels';

/** Step keys (facts, policy parameters, results) in Chinese. Policy parameter paths use their last segment unless listed in full. */
export const STEP_KEY: Record<string, string> = {
  // facts and results
  ability: '劳动能力',
  ableSupporters: '有履行义务能力的义务人',
  ableToSupport: '有履行义务能力',
  addSupplements: '叠加分类施保',
  age: '年龄',
  amount: '金额',
  amountFen: '金额',
  annualProfitFen: '年经营利润',
  apart: '分开居住',
  applicableCategories: '适用的分类施保类别',
  areaSqm: '面积',
  assessmentDate: '核定日期',
  assets: '财产',
  assetsWithinLimits: '财产未超过规定',
  authority: '审批机关',
  band: '档次',
  base: '基数',
  baseAmountFen: '基本救助金',
  basicLivingExactFen: '基本生活费(精确值)',
  belowStandard: '低于低保标准',
  benefit: '救助金',
  benefitMethod: '救助金计算方式',
  birthDate: '出生日期',
  businesses: '经营实体',
  candidates: '可纳入的成员',
  careAllowanceExactFen: '照料护理费(精确值)',
  category: '类别',
  class: '复核分类',
  code: '原因',
  condition: '病种',
  counted: '计入',
  countedIncomeBeforeDeductionFen: '扣减前计入收入',
  countedIncomeFen: '计入收入',
  countedMemberIds: '计入成员',
  countedMembers: '计入人数',
  coverage: '保障方式',
  coveredMemberIds: '保障成员',
  coveredMembers: '保障成员',
  declaredMonthlyIncomeFen: '申报月收入',
  deduction: '就业成本扣减',
  deductionFen: '扣减额',
  deductions: '就业成本扣减',
  deemed: '视同收入',
  deemedFen: '视同收入',
  deemedSupportFen: '视同赡养费',
  disability: '残疾',
  earned: '劳动收入',
  earnedFen: '劳动收入',
  earningMembers: '有劳动收入的成员',
  eligible: '符合条件',
  exactTotalFen: '合计(精确值)',
  excessFen: '超出额',
  exclusionReason: '不计入原因',
  financialAssets: '金融资产',
  floor: '保底',
  floorFen: '保底金额',
  gapFen: '差额',
  gapPerPersonFen: '人均差额',
  grade: '等级',
  homes: '房产',
  household: '家庭',
  householdClass: '家庭复核分类',
  householdMarginal: '低保边缘家庭',
  householdMonthlyIncomeFen: '家庭月收入',
  householdSize: '家庭人数',
  included: '计入家庭',
  income: '收入',
  incomeByMember: '各成员收入',
  incomeItems: '收入项目',
  incomes: '收入',
  kind: '类别',
  label: '说明',
  level: '等级',
  limit: '限额',
  limitPerCapitaFen: '人均限额',
  lines: '明细',
  lostShare: '不享受份额的成员',
  marginalLineFen: '低保边缘标准',
  maxAdvanceFen: '先行救助上限',
  member: '成员',
  memberCount: '人数',
  memberId: '成员',
  members: '成员',
  membersCovered: '保障成员',
  method: '计算方式',
  minimum: '最低救助金',
  minimumAge: '最低年龄',
  minimumPerPersonFen: '人均最低救助金',
  monthlyAmountFen: '月救助金',
  monthlyAverageFen: '月均收入',
  noAbleSupporter: '无有履行义务能力的义务人',
  obligedRelatives: '法定赡养/扶养/抚养义务人',
  origin: '来源',
  outcome: '结论',
  ownGapAmountFen: '本人差额',
  ownIncome: '本人收入',
  ownIncomeBelowStandard: '本人收入低于标准',
  ownIncomeFen: '本人收入',
  paperworkWithinWorkingDays: '补办手续期限(工作日)',
  payWithinHours: '发放时限(小时)',
  perCapitaAreaSqm: '人均住房面积',
  perCapitaFen: '人均',
  perCapitaIncomeFen: '人均收入',
  perCapitaMonthlyIncomeFen: '人均月收入',
  perMonthExactFen: '每月(精确值)',
  perPerson: '每人',
  perPersonFen: '每人金额',
  persons: '人数',
  personsCovered: '保障人数',
  policyVersion: '政策版本',
  program: '救助类别',
  publicNoticeRequired: '需要公示',
  raisedToFloor: '提高到保底金额',
  raisedToMinimum: '提高到最低救助金',
  reason: '原因',
  refusals: '拒绝就业次数',
  refusalsLosingShare: '丧失份额的拒绝次数',
  registries: '核对数据源',
  relation: '关系',
  review: '复核',
  reviewClass: '复核分类',
  reviewIntervalMonths: '复核间隔(月)',
  roundingRule: '舍入规则',
  selfCare: '生活自理能力评估',
  selfCareLevel: '生活自理能力',
  severeIllness: '重病',
  severeIllnessOrDisabilityMembers: '重病重残成员',
  shareApplied: '适用比例',
  source: '来源',
  standard: '标准',
  subsistenceStandard: '低保标准',
  subsistenceStandardFen: '低保标准',
  suitableWorkRefusals: '无正当理由拒绝就业次数',
  supplements: '分类施保',
  supplementsFen: '分类施保金额',
  supporters: '赡养/扶养/抚养义务人',
  thresholdFen: '门槛',
  times: '倍数',
  totalAreaSqm: '住房总面积',
  totalFen: '合计',
  type: '收入类型',
  unableActivities: '不能自理的项目',
  unableCount: '不能自理的项目数',
  valueFen: '价值',
  vehicles: '机动车',
  vehiclesOverLimit: '超过规定的车辆',
  verificationMayBeSkipped: '可先行救助后补核对',
  violations: '不符合的项目',
  withinLimit: '未超过规定',
  workAbility: '劳动能力',
  basicLivingFen: '基本生活费',
  careAllowanceFen: '照料护理费',
  belowMarginalLine: '低于低保边缘标准',
  marginal: '属于低保边缘家庭',
  routes: '认定无劳动能力的情形',
  noWorkAbility: '无劳动能力',
  exemptAs: '不计入限额的情形',
  overLimit: '超过限额',
  // policy parameters (paths)
  extremePovertyMultiple: '特困供养标准倍数',
  incomeExclusions: '不计入家庭收入的项目',
  listedSevereDisabilityGrades: '重度残疾等级',
  marginalIncomeMultiple: '低保边缘标准倍数',
  minimumBenefitRatio: '最低救助金比例',
  'assetLimits.businesses.annualProfitLimitFen': '经营利润年限额',
  'assetLimits.homes.maxHomes': '房产套数上限',
  'assetLimits.homes.maxPerCapitaAreaSqm': '人均住房面积上限',
  'assetLimits.vehicles.exemptions': '不计入限额的车辆',
  'assetLimits.vehicles.valueLimitFen': '车辆价值限额',
  'assetLimits.financialAssets.perCapitaMultipleOfStandard': '人均金融资产限额(低保标准倍数)',
  'assetLimits.financialAssets.severeHouseholdPerCapitaMultipleOfStandard': '重病重残家庭人均金融资产限额(低保标准倍数)',
  'benefitMethod.bands': '分档标准',
  'benefitMethod.method': '救助金计算方式',
  'employmentCostDeduction.basis': '就业成本扣减方式',
  'employmentCostDeduction.capShareOfStandard': '就业成本扣减上限(占标准比例)',
  'employmentCostDeduction.share': '就业成本扣减比例',
  'individualCoverage.addSupplements': '单人保叠加分类施保',
  'individualCoverage.amountFen': '单人保固定金额',
  'individualCoverage.method': '单人保计算方式',
  'individualCoverage.minimumShareOfStandard': '单人保最低比例(占标准)',
  'individualCoverage.share': '单人保比例',
  'obligedSupport.sharesByObligedCount': '义务人分摊比例(按义务人数)',
  'obligedSupport.method': '赡养费计算起算线',
  'obligedSupport.perCapitaConsumptionFen': '当地居民月人均消费支出',
  careStandardsBySupplyMode: '照料护理标准',
  supplyMode: '供养方式',
  bySupplyMode: '按供养方式',
  careStandardExactFen: '照料护理标准(精确值)',
  careStandardFen: '照料护理标准',
  'obligedSupport.thresholdMultipleOfStandard': '义务人收入起算线(低保标准倍数)',
  'supplements.combination': '分类施保叠加方式',
  'supplements.rules': '分类施保规则',
  'temporaryAssistance.capMultipleOfStandardPerPerson': '临时救助每人上限(低保标准倍数)',
  'temporaryAssistance.emergencyAdvanceLimitFen': '先行救助限额',
  'temporaryAssistance.emergencyAidHours': '急难救助时限(小时)',
  'temporaryAssistance.paperworkWorkingDays': '补办手续期限(工作日)',
  'temporaryAssistance.streetApprovalLimitFen': '街道审批限额',
  'overpaymentRecovery.monthlyCapPercent': '多发待遇每月追回上限(占当月待遇百分比)',
  monthlyCapPercent: '每月追回上限(占当月待遇百分比)',
  careAllowance: '照料护理费标准',
  percentOfStandard: '占低保标准百分比',
  flatFen: '固定金额',
  combination: '叠加方式',
  rules: '规则',
  share: '比例',
  perCapitaMultipleOfStandard: '人均限额(低保标准倍数)',
  severeHouseholdPerCapitaMultipleOfStandard: '重病重残家庭人均限额(低保标准倍数)',
  valueLimitFen: '价值限额',
  annualProfitLimitFen: '年利润限额',
  maxHomes: '房产套数上限',
  maxPerCapitaAreaSqm: '人均住房面积上限',
  exemptions: '不计入限额的情形',
  taperSchedule: '渐退比例',
  reviewIntervals: '复核间隔',
};

/** Every code the rule engine writes as a value, in Chinese; a key's own map comes first (see `codeLabel`). */
const CODE: Record<string, string> = {
  ...RULE_CODE,
  ...ASSET_KIND,
  ...FORM_INCOME_TYPE,
  ...ASSESSMENT_REASON,
  ...ASSESSMENT_OUTCOME,
  ...PROGRAM,
};
const CODE_BY_KEY: Record<string, Record<string, string>> = {
  origin: FIGURE_ORIGIN,
  registries: SOURCE,
  relation: FORM_RELATION,
  type: FORM_INCOME_TYPE,
  incomeExclusions: FORM_INCOME_TYPE,
  kind: ASSET_KIND,
  outcome: ASSESSMENT_OUTCOME,
  code: ASSESSMENT_REASON,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE_SHAPE = /^[A-Z][A-Z0-9_]*$/;
/** An exact fraction as the engine writes it: `'250000/3 (≈83333.33)'`. */
const FRACTION = /^-?\d+\/\d+ \(≈(-?\d+)\.(\d{2})\)$/;
const MONEY_KEY = /(Fen|^subsistenceStandard|^amount|^standard|^floor|^minimum|^base|^benefit|^limit)$/;
/** Keys whose value is the member (rendered as the name, without a label). */
const MEMBER_KEY = /^(memberId|member)$/;

const lastSegment = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** A step key in Chinese; an unknown key is returned as it is (the unit test lists every key the engine writes). */
export function keyLabel(key: string): string {
  const known = STEP_KEY[key] ?? STEP_KEY[lastSegment(key)];
  if (known) return known;
  const last = lastSegment(key);
  if (CODE_SHAPE.test(last)) {
    // a code used as a key (self-care activities, disability categories, careAllowance.PARTLY_DEPENDENT)
    const code = codeLabel(key, last);
    return key.includes('.') ? `${keyLabel(key.slice(0, key.lastIndexOf('.')))}(${code})` : code;
  }
  return key;
}

export function codeLabel(key: string, code: string): string {
  return CODE_BY_KEY[lastSegment(key)]?.[code] ?? CODE[code] ?? code;
}

function money(v: number | string): string {
  if (typeof v === 'number') return Number.isInteger(v) ? yuan(v) : String(v);
  if (/^-?\d+$/.test(v)) return yuan(v);
  const m = FRACTION.exec(v);
  if (m) {
    // hundredths of a fen → fen, half up (no floating arithmetic)
    const neg = m[1]!.startsWith('-');
    const whole = BigInt(m[1]!.replace('-', ''));
    const fen = whole + (Number(m[2]![0]) >= 5 ? 1n : 0n);
    return `约 ${yuan((neg ? -fen : fen).toString())}`;
  }
  return plainString('', v);
}

/** A string that is neither money, member nor code: exact fractions, the engine's policy-amount wording. */
function plainString(key: string, v: string): string {
  const m = FRACTION.exec(v);
  if (m) return `约 ${unit(key, `${m[1]}.${m[2]}`)}`;
  // policy amounts as the engine describes them (policy-amount.ts)
  const pct = /^(\d+(?:\.\d+)?)% of standard$/.exec(v);
  if (pct) return `低保标准的 ${pct[1]}%`;
  const flat = /^flat (-?\d+) fen$/.exec(v);
  if (flat) return `固定 ${yuan(flat[1]!)}`;
  if (/^-?\d+(\.\d+)?$/.test(v)) return unit(key, v);
  return v;
}

function unit(key: string, n: number | string): string {
  const k = lastSegment(key);
  if (/Sqm$/.test(k)) return `${n} ㎡`;
  if (/Hours$/.test(k)) return `${n} 小时`;
  if (/WorkingDays$/.test(k)) return `${n} 个工作日`;
  if (/Months$/.test(k)) return `${n} 个月`;
  if (/^(countedMembers|memberCount|persons|personsCovered|householdSize|coveredMembers|ableSupporters)$/.test(k)) return `${n} 人`;
  if (k === 'homes') return `${n} 套`;
  if (/^(age|minimumAge)$/.test(k)) return `${n} 岁`;
  if (/^(refusals|refusalsLosingShare|suitableWorkRefusals)$/.test(k)) return `${n} 次`;
  if (k === 'unableCount') return `${n} 项`;
  if (k === 'maxHomes') return `${n} 套`;
  if (/^(percentOfStandard)$/.test(k)) return `${n}%`;
  return String(n);
}

/** Where a figure came from: "核对：税务、社保" or "申报". */
function sourcePhrase(s: Record<string, unknown>): string {
  const origin = FIGURE_ORIGIN[String(s.origin)] ?? '核对';
  const registries = Array.isArray(s.registries) ? s.registries.map((r) => SOURCE[String(r)] ?? codeLabel('registries', String(r))) : [];
  return registries.length ? `${origin}：${registries.join('、')}` : origin;
}

const isSource = (v: Record<string, unknown>) => 'origin' in v && Object.keys(v).every((k) => ['origin', 'registries', 'label'].includes(k));

/** An income or asset item as a phrase: "张伟 工资性收入 ¥1,200.00（核对：税务）". */
function itemPhrase(v: Record<string, unknown>, names: Record<string, string>): string | null {
  const what =
    typeof v.type === 'string'
      ? codeLabel('type', v.type)
      : typeof v.kind === 'string'
        ? codeLabel('kind', v.kind)
        : typeof v.category === 'string'
          ? codeLabel('category', v.category)
          : null;
  if (!what) return null;
  const figureKey = ['monthlyAverageFen', 'valueFen', 'annualProfitFen', 'amountFen', 'amount', 'areaSqm'].find((k) => k in v);
  const handled = new Set(['memberId', 'type', 'kind', 'category', 'label', 'source', figureKey]);
  const who = typeof v.memberId === 'string' ? `${memberName(v.memberId, names)} ` : v.memberId === null ? '共有 ' : '';
  const figure = figureKey ? ` ${formatValue(figureKey, v[figureKey], names)}` : '';
  const source = v.source && typeof v.source === 'object' ? `（${sourcePhrase(v.source as Record<string, unknown>)}）` : '';
  const rest = Object.entries(v)
    .filter(([k]) => !handled.has(k))
    .map(([k, x]) => formatStepValue(k, x, names));
  return `${who}${what}${figure}${source}${rest.length ? `，${rest.join('，')}` : ''}`;
}

function memberName(id: string, names: Record<string, string>): string {
  return names[id] ?? (UUID.test(id) ? `成员 ${id.slice(0, 8)}` : id);
}

/** A value of a step (under its key) as officers read it aloud. */
export function formatValue(key: string, v: unknown, names: Record<string, string> = {}): string {
  if (v === null || v === undefined) return '—';
  const k = lastSegment(key);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if ((typeof v === 'number' || typeof v === 'string') && MONEY_KEY.test(k)) return money(v);
  if (typeof v === 'number') return k === 'vehiclesOverLimit' ? `第 ${v + 1} 辆` : unit(key, v);
  if (typeof v === 'string') {
    if (UUID.test(v) || MEMBER_KEY.test(k) || /MemberIds?$/.test(k)) return memberName(v, names);
    if (CODE_SHAPE.test(v)) return codeLabel(key, v);
    return plainString(key, v);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return '无';
    return v.map((x) => formatValue(key, x, names)).join('、');
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (isSource(o)) return sourcePhrase(o);
    const item = itemPhrase(o, names);
    if (item) return item;
    // a reason {code, zh, en}: its Chinese text
    if (typeof o.zh === 'string') return o.zh;
    // a member first, whatever order the keys came back in: "张伟 ¥1,200.00", "张伟 0 次", "张伟（计入家庭：是）"
    if (typeof o.memberId === 'string') {
      const others = Object.keys(o).filter((kk) => kk !== 'memberId' && o[kk] !== undefined);
      const name = memberName(o.memberId, names);
      const only = others.length === 1 ? o[others[0]!] : undefined;
      if (typeof only === 'number' || (typeof only === 'string' && (/^-?\d+$/.test(only) || FRACTION.test(only)))) {
        return `${name} ${formatValue(others[0]!, only, names)}`;
      }
      return others.length ? `${name}（${others.map((kk) => entryPhrase(kk, o[kk], names)).join('，')}）` : name;
    }
    const parts = Object.entries(o)
      .filter(([, x]) => x !== undefined)
      .map(([kk, x]) => entryPhrase(kk, x, names));
    return parts.join('，');
  }
  return String(v);
}

/** One entry of an object inside a value: the position of an item as "第 N 项", a member as the name, else "标签：值". */
function entryPhrase(key: string, x: unknown, names: Record<string, string>): string {
  if (key === 'index' && typeof x === 'number') return `第 ${x + 1} 项`;
  if (MEMBER_KEY.test(key) && typeof x === 'string') return memberName(x, names);
  return formatStepValue(key, x, names);
}

/** "标签：值" for one key of a step. */
export function formatStepValue(key: string, v: unknown, names: Record<string, string> = {}): string {
  return `${keyLabel(key)}：${formatValue(key, v, names)}`;
}

/**
 * A step's inputs, parameters or result (an object of keys, or a single value) as one line. `order`
 * puts the keys in the order of another rendering (a value stored as jsonb comes back with its keys
 * re-ordered: the audit page lines the recorded value up with the re-computed one).
 */
export function formatStepPart(part: unknown, names: Record<string, string> = {}, order: readonly string[] = []): string {
  if (part === null || part === undefined) return '—';
  if (typeof part !== 'object' || Array.isArray(part)) return formatValue('', part, names);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(part as Record<string, unknown>)
    .filter(([k]) => k !== 'label' || Object.keys(part as object).length === 1)
    .sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return '—';
  return entries.map(([k, x]) => (MEMBER_KEY.test(k) && typeof x === 'string' ? memberName(x, names) : formatStepValue(k, x, names))).join('；');
}

export interface ExplanationRow {
  rule: string;
  step: string;
  inputs: string;
  parameters: string;
  result: string;
}

/** The explanation steps as rows officers can read aloud to the household. */
/** A step as the engine records it (explanation.ts of eligibility's domain). */
export interface ExplanationStep {
  rule?: string;
  description?: { zh?: string; en?: string };
  inputs?: unknown;
  parameters?: unknown;
  result?: unknown;
}

export function explanationRows(steps: readonly ExplanationStep[] | null | undefined, names: Record<string, string> = {}): ExplanationRow[] {
  return (steps ?? []).map((s) => ({
    rule: String(s.rule ?? ''),
    step: String(s.description?.zh ?? s.rule ?? ''),
    inputs: formatStepPart(s.inputs, names),
    parameters: formatStepPart(s.parameters, names),
    result: formatStepPart(s.result, names),
  }));
}
