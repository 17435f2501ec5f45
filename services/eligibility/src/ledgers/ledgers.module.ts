import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HouseholdLedgerController } from './household-ledger.controller';
import { HouseholdLedgerPagesHandler } from './household-ledger.handler';

/** 台账: the households ledger (救助对象台账), streamed from the read models: controller → QueryBus → handler (an async iterable of pages). */
@Module({ imports: [CqrsModule], controllers: [HouseholdLedgerController], providers: [HouseholdLedgerPagesHandler] })
export class LedgersModule {}
