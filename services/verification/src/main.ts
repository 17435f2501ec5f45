import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { VERIFICATION_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'verification', module: AppModule, configSpec: VERIFICATION_CONFIG_SPEC });
