import { given } from '@sa/decider';
import { DEFAULT_POLICY_VERSION } from './default-policy';
import {
  activeVersions,
  findPublishedVersion,
  PolicyCommand,
  PolicyEvent,
  policyLineDecider,
  resolveFromLines,
} from './policy-line';
import { fold } from '@sa/decider';
import { PolicyVersion } from '../policy/policy-version';
import { EligibilityError } from '../errors';

const ADMIN = { id: 'policy-admin-1', role: 'policy_admin', jurisdiction: '330106' };
const v1 = DEFAULT_POLICY_VERSION;
const v2: PolicyVersion = {
  ...v1,
  version: '330106-2026-07',
  effectiveFrom: '2026-07-01',
  parameters: { ...v1.parameters, subsistenceStandard: 110000 },
};

// Who publishes and when come from the command's metadata (the events record them as publishedBy / publishedOn).
const publish = (version: PolicyVersion, reason?: string): PolicyCommand => ({
  type: 'PublishPolicyVersion',
  data: { version, ...(reason ? { reason } : {}) },
  metadata: { actor: ADMIN, now: '2025-12-20T10:00:00+08:00' },
});
const correct = (corrects: string, version: PolicyVersion, reason = '标准录入错误，更正'): PolicyCommand => ({
  type: 'CorrectPolicyVersion',
  data: { corrects, version, reason },
  metadata: { actor: ADMIN, now: '2026-01-04T18:30:00.000Z' },
});
const published = (version: PolicyVersion): PolicyEvent => ({
  type: 'PolicyVersionPublished',
  data: { policyId: version.policyId, version, publishedOn: '2025-12-20', publishedBy: ADMIN, reason: null, corrects: null },
});

describe('policy versions (政策参数)', () => {
  it('publishes a version with every parameter', () => {
    given(policyLineDecider).when(publish(v1)).then([published(v1)]);
  });

  it('refuses an invalid version, naming every bad field (negative standard, ratio above 1)', () => {
    const bad = { ...v1, parameters: { ...v1.parameters, subsistenceStandard: -5, minimumBenefitRatio: '1.5' as const } };
    const error = given(policyLineDecider).when(publish(bad)).thenThrows<EligibilityError>('policy_invalid');
    expect(error.options.status).toBe(400);
    expect((error.options.extensions.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'parameters.subsistenceStandard',
      'parameters.minimumBenefitRatio',
    ]);
  });

  it('never changes a published version: the same label with other content is refused', () => {
    const changed = { ...v1, parameters: { ...v1.parameters, subsistenceStandard: 105000 } };
    given(policyLineDecider, [published(v1)]).when(publish(changed)).thenThrows('policy_version_exists');
  });

  it('records metadata.actor as publishedBy and the Asia/Shanghai date of metadata.now as publishedOn; refuses a command without them', () => {
    const other = { id: 'policy-admin-2', role: 'policy_admin', jurisdiction: '330106' };
    const late = { ...publish(v1), metadata: { actor: other, now: '2025-12-20T17:00:00.000Z' } } as PolicyCommand;
    given(policyLineDecider).when(late).then([{ ...published(v1), data: { ...published(v1).data, publishedOn: '2025-12-21', publishedBy: other } } as PolicyEvent]);
    given(policyLineDecider)
      .when({ ...publish(v1), metadata: { actor: ADMIN, now: '2025-12-20' } } as PolicyCommand)
      .thenThrows('invalid_command_time');
    given(policyLineDecider)
      .when({ ...publish(v1), metadata: { now: '2025-12-20T10:00:00+08:00' } } as unknown as PolicyCommand)
      .thenThrows('actor_missing');
  });

  it('treats publishing the identical version again as done (seeding is idempotent)', () => {
    given(policyLineDecider, [published(v1)]).when(publish(v1)).thenNothing();
  });

  it('a correction is a new version that supersedes the corrected one, which stays on record', () => {
    const fixed: PolicyVersion = { ...v1, version: '330106-2026-01a', parameters: { ...v1.parameters, subsistenceStandard: 102000 } };
    const events = given(policyLineDecider, [published(v1)]).when(correct(v1.version, fixed)).then([
      {
        type: 'PolicyVersionPublished',
        data: { policyId: v1.policyId, version: fixed, publishedOn: '2026-01-05', publishedBy: ADMIN, reason: '标准录入错误，更正', corrects: v1.version },
      },
      {
        type: 'PolicyVersionSuperseded',
        data: { policyId: v1.policyId, version: v1.version, supersededBy: fixed.version, supersededOn: '2026-01-05', reason: '标准录入错误，更正' },
      },
    ]);
    const state = fold(policyLineDecider, [published(v1), ...events]);
    expect(activeVersions(state).map((v) => v.version)).toEqual(['330106-2026-01a']);
    expect(resolveFromLines([state], '330106001001', '2026-03-01').version).toBe('330106-2026-01a');
    expect(findPublishedVersion([state], v1.version)?.supersededBy).toBe('330106-2026-01a');
  });

  it('refuses a correction without a reason, of an unknown version, or of one already corrected', () => {
    const fixed: PolicyVersion = { ...v1, version: '330106-2026-01a' };
    given(policyLineDecider, [published(v1)]).when(correct(v1.version, fixed, ' ')).thenThrows('correction_reason_required');
    given(policyLineDecider, [published(v1)]).when(correct('330106-2025-01', fixed)).thenThrows('policy_version_not_found');
    const corrected = fold(policyLineDecider, [published(v1)]);
    const after = policyLineDecider.decide(correct(v1.version, fixed), corrected);
    given(policyLineDecider, [published(v1), ...after])
      .when(correct(v1.version, { ...v1, version: '330106-2026-01b' }))
      .thenThrows('policy_version_superseded');
  });

  it('refuses two active versions taking effect on the same day', () => {
    given(policyLineDecider, [published(v1)]).when(publish({ ...v1, version: '330106-2026-01x' })).thenThrows('policy_catalogue_conflict');
  });

  it('keeps one line per division and policy id', () => {
    given(policyLineDecider, [published(v1)]).when(publish({ ...v2, policyId: 'other' })).thenThrows('policy_id_mismatch');
    given(policyLineDecider, [published(v1)])
      .when(publish({ ...v2, divisionCode: '330105', version: '330105-2026-07' }))
      .thenThrows('policy_division_mismatch');
  });

  it('resolution picks the version in force on the date, later versions leave earlier dates alone', () => {
    const state = fold(policyLineDecider, [published(v1), published(v2)]);
    expect(resolveFromLines([state], '330106001001', '2026-06-30').version).toBe('330106-2026-01');
    expect(resolveFromLines([state], '330106001001', '2026-07-01').version).toBe('330106-2026-07');
  });
});
