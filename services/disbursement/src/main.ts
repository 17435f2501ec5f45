import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { DISBURSEMENT_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'disbursement', module: AppModule, configSpec: DISBURSEMENT_CONFIG_SPEC });
