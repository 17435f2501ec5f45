import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { ELIGIBILITY_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'eligibility', module: AppModule, configSpec: ELIGIBILITY_CONFIG_SPEC });
