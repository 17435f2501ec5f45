import { PaymentLedgerController } from './ledgers/payment-ledger.controller';
import { Module } from '@nestjs/common';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE } from '@sa/eventstore';
import { MessagingModule } from '@sa/messaging';
import { APP_CONFIG } from '@sa/platform';
import { DisbursementPipelines } from './commands/disbursement-pipelines';
import { EmergencyAdvancesController, EmergencyAdvanceService } from './emergency-advances/emergency-advances';
import { EntitlementCommands } from './entitlements/entitlement-commands';
import { EntitlementsController } from './entitlements/entitlements.controller';
import { PaymentRunReadsController } from './payment-runs/payment-run-reads.controller';
import { PaymentRunService } from './payment-runs/payment-run.service';
import { CompletePaymentRunController, PaymentRunCompletion } from './payment-runs/complete-payment-run.controller';
import { PaymentRunsController, PaymentsController } from './payment-runs/payment-runs.controller';
import { ReturnedPaymentsController } from './payment-runs/returned-payments.controller';
import { DisbursementPersistenceModule } from './read-models/disbursement-database';
import { disbursementMessagingRuntime } from './messaging/messaging-runtime';
import { PublishedHolidayCalendars } from '@sa/messaging';
import { RecoveryController } from './recovery/recovery.controller';

/**
 * Disbursement (发放): entitlements from eligibility's decisions, monthly payment runs, bank files,
 * returns and reissues. Publishes PaymentIssued / PaymentReturned / PaymentRunCompleted.
 */
@Module({
  imports: [
    DisbursementPersistenceModule,
    MessagingModule.forRootAsync({
      imports: [DisbursementPersistenceModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, EntitlementCommands, PublishedHolidayCalendars],
      useFactory: disbursementMessagingRuntime as (...deps: never[]) => ReturnType<typeof disbursementMessagingRuntime>,
    }),
  ],
  controllers: [PaymentRunsController, CompletePaymentRunController, ReturnedPaymentsController, PaymentRunReadsController, PaymentsController, EntitlementsController, EmergencyAdvancesController, PaymentLedgerController, RecoveryController],
  providers: [DisbursementPipelines, PaymentRunService, PaymentRunCompletion, EmergencyAdvanceService],
  exports: [PaymentRunService],
})
export class DisbursementModule {}
