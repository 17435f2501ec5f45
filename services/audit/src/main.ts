import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { AUDIT_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'audit', module: AppModule, configSpec: AUDIT_CONFIG_SPEC });
