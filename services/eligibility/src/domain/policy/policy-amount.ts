import { Rational } from '../money';
import { PolicyAmount } from './policy-version';

/** The exact monthly amount a `PolicyAmount` stands for: percent × standard, or the flat fen. */
export function policyAmountValue(amount: PolicyAmount, subsistenceStandard: number, label = 'amount'): Rational {
  if ('flatFen' in amount) return Rational.fen(amount.flatFen, `${label}.flatFen`);
  return Rational.fen(subsistenceStandard, 'subsistenceStandard').times(Rational.percent(amount.percentOfStandard, `${label}.percentOfStandard`));
}

/** `'10% of standard'` / `'flat 5000 fen'` — for explanations. */
export function describePolicyAmount(amount: PolicyAmount): string {
  return 'flatFen' in amount ? `flat ${amount.flatFen} fen` : `${amount.percentOfStandard}% of standard`;
}
