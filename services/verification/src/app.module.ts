import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { VERIFICATION_CONFIG_SPEC } from './config';
import { VerificationModule } from './verification.module';

/**
 * Root module of the verification service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'verification', configSpec: VERIFICATION_CONFIG_SPEC }), VerificationModule],
  controllers: [jurisdictionPingController('verification', ['street_officer', 'street_reviewer'])],
})
export class AppModule {}
