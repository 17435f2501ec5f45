import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { DISBURSEMENT_CONFIG_SPEC } from './config';
import { DisbursementModule } from './disbursement.module';

/**
 * Root module of the disbursement service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'disbursement', configSpec: DISBURSEMENT_CONFIG_SPEC }), DisbursementModule],
  controllers: [jurisdictionPingController('disbursement', ['disbursement_officer', 'county_approver'])],
})
export class AppModule {}
