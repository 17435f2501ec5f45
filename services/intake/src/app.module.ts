import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { INTAKE_CONFIG_SPEC } from './config';
import { IntakeModule } from './intake.module';

/**
 * Root module of the intake service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'intake', configSpec: INTAKE_CONFIG_SPEC }), IntakeModule],
  controllers: [jurisdictionPingController('intake', ['community_officer', 'street_officer'])],
})
export class AppModule {}
