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

/** A decimal share as a percentage, exactly (`'0.3'` → `'30'`, `'0.125'` → `'12.5'`), for Chinese explanation lines. */
export function sharePercentText(share: string): string {
  const [whole = '0', fraction = ''] = share.split('.');
  const digits = whole + fraction.padEnd(2, '0');
  const integer = digits.slice(0, whole.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + 2).replace(/0+$/, '');
  return rest ? `${integer}.${rest}` : integer;
}
