import { Module } from '@nestjs/common';
import { PlatformModule, jurisdictionPingController } from '@sa/platform';
import { FOLLOW_UP_CONFIG_SPEC } from './config';
import { FollowUpModule } from './follow-up.module';

/**
 * Root module of the follow-up service. Add feature modules to `imports`; the platform (config,
 * logging, errors, auth, database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'follow-up', configSpec: FOLLOW_UP_CONFIG_SPEC }), FollowUpModule],
  controllers: [jurisdictionPingController('follow-up', ['community_officer', 'street_officer'])],
})
export class AppModule {}
