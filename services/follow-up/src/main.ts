import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { FOLLOW_UP_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'follow-up', module: AppModule, configSpec: FOLLOW_UP_CONFIG_SPEC });
