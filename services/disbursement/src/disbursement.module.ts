import { Module, type Provider, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PG_POOL } from '@sa/database';
import { EVENT_STORE } from '@sa/eventstore';
import { MessagingModule, PublishedHolidayCalendars } from '@sa/messaging';
import { APP_CONFIG } from '@sa/platform';
import { DisbursementPipelines } from './commands/disbursement-pipelines';
import { EntitlementCommands } from './commands/entitlement-commands';
import { CompleteAdvancePaperworkController } from './emergency-advances/complete-advance-paperwork/complete-advance-paperwork.controller';
import { CompleteAdvancePaperworkHandler } from './emergency-advances/complete-advance-paperwork/complete-advance-paperwork.handler';
import { ListEmergencyAdvancesController } from './emergency-advances/list-emergency-advances/list-emergency-advances.controller';
import { ListEmergencyAdvancesHandler } from './emergency-advances/list-emergency-advances/list-emergency-advances.handler';
import { OverdueAdvancesController } from './emergency-advances/overdue-advances/overdue-advances.controller';
import { OverdueAdvancesHandler } from './emergency-advances/overdue-advances/overdue-advances.handler';
import { PayEmergencyAdvanceController } from './emergency-advances/pay-emergency-advance/pay-emergency-advance.controller';
import { PayEmergencyAdvanceHandler } from './emergency-advances/pay-emergency-advance/pay-emergency-advance.handler';
import { ApproveBankAccountChangeController } from './entitlements/approve-bank-account-change/approve-bank-account-change.controller';
import { ApproveBankAccountChangeHandler } from './entitlements/approve-bank-account-change/approve-bank-account-change.handler';
import { GetEntitlementController } from './entitlements/get-entitlement/get-entitlement.controller';
import { GetEntitlementHandler } from './entitlements/get-entitlement/get-entitlement.handler';
import { ListEntitlementsController } from './entitlements/list-entitlements/list-entitlements.controller';
import { ListEntitlementsHandler } from './entitlements/list-entitlements/list-entitlements.handler';
import { RequestBankAccountChangeController } from './entitlements/request-bank-account-change/request-bank-account-change.controller';
import { RequestBankAccountChangeHandler } from './entitlements/request-bank-account-change/request-bank-account-change.handler';
import { PaymentLedgerController } from './ledgers/payment-ledger/payment-ledger.controller';
import { PaymentLedgerHandler } from './ledgers/payment-ledger/payment-ledger.handler';
import { disbursementMessagingRuntime } from './messaging/messaging-runtime';
import { CompletePaymentRunController } from './payment-runs/complete-payment-run/complete-payment-run.controller';
import { CompletePaymentRunHandler } from './payment-runs/complete-payment-run/complete-payment-run.handler';
import { GetPaymentRunController } from './payment-runs/get-payment-run/get-payment-run.controller';
import { GetPaymentRunHandler } from './payment-runs/get-payment-run/get-payment-run.handler';
import { PaymentRunReadsController } from './payment-runs/payment-run-reads.controller';
import { PaymentRunService } from './payment-runs/payment-run.service';
import { RecordBankConfirmationController } from './payment-runs/record-bank-confirmation/record-bank-confirmation.controller';
import { RecordBankConfirmationHandler } from './payment-runs/record-bank-confirmation/record-bank-confirmation.handler';
import { ReissuePaymentController } from './payment-runs/reissue-payment/reissue-payment.controller';
import { ReissuePaymentHandler } from './payment-runs/reissue-payment/reissue-payment.handler';
import { ReturnedPaymentsController } from './payment-runs/returned-payments.controller';
import { StartPaymentRunController } from './payment-runs/start-payment-run/start-payment-run.controller';
import { StartPaymentRunHandler } from './payment-runs/start-payment-run/start-payment-run.handler';
import { DisbursementPersistenceModule } from './read-models/disbursement-database';
import { HouseholdStatementController } from './recovery/household-statement/household-statement.controller';
import { HouseholdStatementHandler } from './recovery/household-statement/household-statement.handler';
import { RecordRepaymentController } from './recovery/record-repayment/record-repayment.controller';
import { RecordRepaymentHandler } from './recovery/record-repayment/record-repayment.handler';
import { RecordRepaymentPlanController } from './recovery/record-repayment-plan/record-repayment-plan.controller';
import { RecordRepaymentPlanHandler } from './recovery/record-repayment-plan/record-repayment-plan.handler';

/** One row per use case: its controller and its command / query handler (docs/CONVENTIONS.md "One service layout"). */
const USE_CASES: Record<string, { controllers: Type[]; handlers: Provider[] }> = {
  // The commands one folder each (controller, DTO, handler on the CommandBus); the reads (lines, bank file,
  // returned payments) still controllers over SQL, not yet one folder each.
  paymentRuns: {
    controllers: [StartPaymentRunController, GetPaymentRunController, RecordBankConfirmationController, CompletePaymentRunController, ReissuePaymentController, ReturnedPaymentsController, PaymentRunReadsController],
    handlers: [StartPaymentRunHandler, GetPaymentRunHandler, RecordBankConfirmationHandler, CompletePaymentRunHandler, ReissuePaymentHandler],
  },
  entitlements: {
    controllers: [ListEntitlementsController, GetEntitlementController, RequestBankAccountChangeController, ApproveBankAccountChangeController],
    handlers: [ListEntitlementsHandler, GetEntitlementHandler, RequestBankAccountChangeHandler, ApproveBankAccountChangeHandler],
  },
  emergencyAdvances: {
    controllers: [PayEmergencyAdvanceController, CompleteAdvancePaperworkController, ListEmergencyAdvancesController, OverdueAdvancesController],
    handlers: [PayEmergencyAdvanceHandler, CompleteAdvancePaperworkHandler, ListEmergencyAdvancesHandler, OverdueAdvancesHandler],
  },
  ledgers: { controllers: [PaymentLedgerController], handlers: [PaymentLedgerHandler] },
  recovery: {
    controllers: [HouseholdStatementController, RecordRepaymentPlanController, RecordRepaymentController],
    handlers: [HouseholdStatementHandler, RecordRepaymentPlanHandler, RecordRepaymentHandler],
  },
};

/**
 * Disbursement (发放): entitlements from eligibility's decisions, monthly payment runs, bank files,
 * returns and reissues, emergency advances. Publishes PaymentIssued / PaymentReturned / PaymentRunCompleted.
 * The table of contents: `USE_CASES` above (officers' HTTP commands and the queries go through the
 * CommandBus / QueryBus), the pipelines (`commands/`), the read models and adapters
 * (`DisbursementPersistenceModule`), the consumer and relay (`messaging/`).
 */
@Module({
  imports: [
    CqrsModule,
    DisbursementPersistenceModule,
    MessagingModule.forRootAsync({
      imports: [DisbursementPersistenceModule],
      inject: [APP_CONFIG, PG_POOL, EVENT_STORE, EntitlementCommands, PublishedHolidayCalendars],
      useFactory: disbursementMessagingRuntime as (...deps: never[]) => ReturnType<typeof disbursementMessagingRuntime>,
    }),
  ],
  controllers: Object.values(USE_CASES).flatMap((u) => u.controllers),
  providers: [DisbursementPipelines, PaymentRunService, ...Object.values(USE_CASES).flatMap((u) => u.handlers)],
  exports: [PaymentRunService],
})
export class DisbursementModule {}
