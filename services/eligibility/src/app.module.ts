import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { ELIGIBILITY_CONFIG_SPEC } from './config';

/**
 * Root module of the eligibility service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'eligibility', configSpec: ELIGIBILITY_CONFIG_SPEC })],
  controllers: [jurisdictionPingController('eligibility', ['street_officer', 'street_reviewer', 'county_approver'])],
})
export class AppModule {}
