import { bootstrapService } from '@sa/platform';
import { AppModule } from './app.module';
import { INTAKE_CONFIG_SPEC } from './config';

void bootstrapService({ name: 'intake', module: AppModule, configSpec: INTAKE_CONFIG_SPEC });
