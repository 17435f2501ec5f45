import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { uuidV5 } from '@sa/eventstore';
import { APP_CONFIG } from '@sa/platform';
import type { EligibilityConfig } from '../config';
import { DEFAULT_POLICY_VERSION } from '../domain';
import { PolicyCatalogue } from './policy-catalogue';

/** Namespace of the seed's command ids (fixed forever: the seed must stay idempotent across versions of the code). */
const SEED_NAMESPACE = '0f4b9a52-6d1e-5c7a-8e3b-2a9d4c6f1b80';

export const SEED_ACTOR = { id: 'sa-eligibility-seed', role: 'system', jurisdiction: DEFAULT_POLICY_VERSION.divisionCode };

/**
 * Publishes the default policy version of district 330106 at start when the catalogue has no
 * version for that division. Idempotent: the command id derives from the version label, so two
 * instances starting together append it once.
 */
@Injectable()
export class PolicySeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(PolicySeed.name);

  constructor(
    private readonly catalogue: PolicyCatalogue,
    @Inject(APP_CONFIG) private readonly config: EligibilityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.ELIGIBILITY_POLICY_SEED) return;
    await this.seed();
  }

  /** True when it published the default version. */
  async seed(): Promise<boolean> {
    const version = DEFAULT_POLICY_VERSION;
    const lines = await this.catalogue.lines();
    if (lines.some((l) => l.state.versions.some((v) => v.version.divisionCode === version.divisionCode))) return false;
    const result = await this.catalogue.publish({
      policyId: version.policyId,
      version,
      actor: SEED_ACTOR,
      reason: '系统初始化默认政策参数',
      commandId: uuidV5(`policy-seed/${version.version}`, SEED_NAMESPACE),
      // Two instances starting together: the second re-reads and finds the command already recorded.
      retryOnConflict: true,
    });
    if (result.written) this.logger.log(`Published the default policy version ${version.version} for division ${version.divisionCode}`);
    return result.written;
  }
}
