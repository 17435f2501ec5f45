import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { ELIGIBILITY_CONFIG_SPEC } from './config';
import { EligibilityModule } from './eligibility.module';
import { ELIGIBILITY_MIGRATIONS } from './read-models/migrations';

/**
 * Root module of the eligibility service: the platform (config, logging, errors, auth, database,
 * health, metrics) from PlatformModule, and the service's table of contents, `EligibilityModule`.
 */
@Module({
  imports: [
    PlatformModule.forService({ name: 'eligibility', configSpec: ELIGIBILITY_CONFIG_SPEC, database: { migrations: ELIGIBILITY_MIGRATIONS } }),
    EligibilityModule,
  ],
  controllers: [jurisdictionPingController('eligibility', ['street_reviewer', 'county_approver'])],
})
export class AppModule {}
