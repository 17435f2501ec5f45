import { Module } from '@nestjs/common';
import { PlatformModule } from '@sa/platform';
import { AuditModule } from './audit.module';
import { AUDIT_CONFIG_SPEC } from './config';

/**
 * Root module of the audit service (审计): read-only over the event store, its own schema `audit`
 * for the read-access log and the checkpoints. The platform (config, logging, errors, auth,
 * database, health, metrics) comes from PlatformModule.
 */
@Module({
  imports: [PlatformModule.forService({ name: 'audit', configSpec: AUDIT_CONFIG_SPEC }), AuditModule],
})
export class AppModule {}
