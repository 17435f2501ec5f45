import { Module } from '@nestjs/common';
import { HouseholdLedgerController } from './household-ledger.controller';

/** 台账: the households ledger (救助对象台账), streamed from the read models. */
@Module({ controllers: [HouseholdLedgerController] })
export class LedgersModule {}
