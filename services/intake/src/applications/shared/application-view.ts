import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApplicationState, maskBankAccount, MaterialItem } from '../../domain';

/** Roles that see the bank account in full (社会化发放). */
export const DISBURSEMENT_ROLES: readonly string[] = ['disbursement_officer'];

export class MaterialItemView {
  @ApiProperty() key!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: '告知事项' }) label!: string;
  @ApiPropertyOptional() name?: string;
}

export class ApplicationSummaryView {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: '330106-2026-000123' }) caseNumber!: string;
  @ApiProperty() status!: string;
  @ApiProperty() jurisdiction!: string;
  @ApiPropertyOptional({ description: 'The one-time notice (一次性告知), once issued' }) notice?: { noticeDate: string; items: MaterialItemView[] };
  @ApiProperty({ type: [MaterialItemView] }) outstandingItems!: MaterialItem[];
  @ApiPropertyOptional({ description: 'Acceptance date: the decision clock runs from here' }) acceptedOn?: string;
  @ApiProperty() conflictOfInterest!: boolean;
}

export function summaryOf(state: ApplicationState): ApplicationSummaryView {
  return {
    caseId: state.caseId!,
    caseNumber: state.caseNumber!,
    status: state.status,
    jurisdiction: state.jurisdiction!,
    ...(state.notice ? { notice: state.notice } : {}),
    outstandingItems: state.outstandingItems,
    ...(state.acceptedOn ? { acceptedOn: state.acceptedOn } : {}),
    conflictOfInterest: state.conflicts.length > 0,
  };
}

/** The whole file as officers see it; the bank account number is masked except for disbursement roles. */
export function detailOf(state: ApplicationState, role: string) {
  const form = state.form!;
  const showAccount = DISBURSEMENT_ROLES.includes(role);
  return {
    ...summaryOf(state),
    applicationDate: state.applicationDate,
    conflicts: state.conflicts,
    form: {
      ...form,
      ...(form.bankAccount ? { bankAccount: showAccount ? form.bankAccount : maskBankAccount(form.bankAccount) } : {}),
    },
  };
}
