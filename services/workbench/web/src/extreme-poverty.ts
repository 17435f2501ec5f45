/**
 * 特困 findings of the initial opinion (pure logic): the self-care assessment over the six activities
 * (the level follows the service's rule: none unable = 具备, 1–3 = 部分丧失, 4 or more = 完全丧失生活自理能力),
 * the legally obliged supporters and the supply mode (集中 / 分散供养), as the `extremePoverty` of
 * `POST /review-cases/:caseId/opinions` and of `POST /policies/dry-run` take them. With a policy that
 * sets `careStandardsBySupplyMode`, the supply mode chooses the care standard (step EPS.CARE_STANDARD).
 */

export type SelfCareActivity = 'EATING' | 'DRESSING' | 'BED_TRANSFER' | 'TOILETING' | 'INDOOR_WALKING' | 'BATHING';
export type SelfCareLevel = 'SELF_SUFFICIENT' | 'PARTLY_DEPENDENT' | 'FULLY_DEPENDENT';
export type SupplyMode = 'CENTRALIZED' | 'DISPERSED';

export const SELF_CARE_ACTIVITY: Record<SelfCareActivity, string> = {
  EATING: '进食',
  DRESSING: '穿衣',
  BED_TRANSFER: '上下床',
  TOILETING: '如厕',
  INDOOR_WALKING: '室内行走',
  BATHING: '洗澡',
};
export const SELF_CARE_LEVEL: Record<SelfCareLevel, string> = {
  SELF_SUFFICIENT: '具备生活自理能力',
  PARTLY_DEPENDENT: '部分丧失生活自理能力',
  FULLY_DEPENDENT: '完全丧失生活自理能力',
};
export const SUPPLY_MODE: Record<SupplyMode, string> = { CENTRALIZED: '集中供养', DISPERSED: '分散供养' };

export interface SupporterRow {
  relation: string;
  ableToSupport: boolean;
}

export interface ExtremePovertyForm {
  /** The person assessed ('' = the applicant). */
  memberId: string;
  /** The activities the person cannot do alone. */
  unable: SelfCareActivity[];
  supporters: SupporterRow[];
  /** NONE = not recorded (the policy's careAllowance applies, the step says 未记录供养方式). */
  supplyMode: 'NONE' | SupplyMode;
}

export const newExtremePovertyForm = (): ExtremePovertyForm => ({ memberId: '', unable: [], supporters: [], supplyMode: 'DISPERSED' });

const ACTIVITIES = Object.keys(SELF_CARE_ACTIVITY) as SelfCareActivity[];

/** The self-care level of the activities the person cannot do alone (the service's rule). */
export function selfCareLevel(unable: readonly SelfCareActivity[]): SelfCareLevel {
  const n = new Set(unable.filter((a) => ACTIVITIES.includes(a))).size;
  return n === 0 ? 'SELF_SUFFICIENT' : n <= 3 ? 'PARTLY_DEPENDENT' : 'FULLY_DEPENDENT';
}

/** This browser's checks: field path (as the service names them) → message in Chinese. */
export function checkExtremePovertyForm(form: ExtremePovertyForm): Record<string, string> {
  const e: Record<string, string> = {};
  form.supporters.forEach((s, i) => {
    if (!s.relation.trim()) e[`extremePoverty.supporters[${i}].relation`] = '请填写与本人的关系(如:儿子),或删除该行';
  });
  return e;
}

/** The `extremePoverty` of the opinion (and the dry run): all six activities stated, supporters, the supply mode when chosen. */
export function extremePovertyBody(form: ExtremePovertyForm, applicantMemberId: string) {
  return {
    memberId: form.memberId || applicantMemberId,
    selfCare: Object.fromEntries(ACTIVITIES.map((a) => [a, form.unable.includes(a) ? 'UNABLE' : 'ABLE'])) as Record<SelfCareActivity, 'ABLE' | 'UNABLE'>,
    supporters: form.supporters.map((s) => ({ relation: s.relation.trim(), ableToSupport: s.ableToSupport })),
    ...(form.supplyMode !== 'NONE' ? { supplyMode: form.supplyMode } : {}),
  };
}

/** The findings an opinion recorded, in one line (the case page's 初审意见). */
export function findingsText(ep: any): string {
  if (!ep) return '';
  const unable = ACTIVITIES.filter((a) => ep.selfCare?.[a] === 'UNABLE');
  const supply = ep.supplyMode ? SUPPLY_MODE[ep.supplyMode as SupplyMode] : '未记录供养方式';
  return `${supply} · ${SELF_CARE_LEVEL[selfCareLevel(unable)]}${unable.length ? `(不能:${unable.map((a) => SELF_CARE_ACTIVITY[a]).join('、')})` : ''}`;
}
