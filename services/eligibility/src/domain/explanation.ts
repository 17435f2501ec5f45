/**
 * Explanations: every rule returns the steps it took, so that an auditor can follow each figure
 * from the facts and the policy parameters to the result. Values are JSON (they go into events);
 * exact fractions are written as strings such as `'250000/3 (≈83333.33)'`.
 */
import { Rational } from './money';

export type ExplanationValue =
  | string
  | number
  | boolean
  | null
  | readonly ExplanationValue[]
  | { readonly [key: string]: ExplanationValue };

/** English wording plus the Chinese label officers see. */
export interface Label {
  en: string;
  zh: string;
}

export interface Step {
  /** Stable rule id, e.g. `MLA.INCOME.PER_CAPITA`. */
  rule: string;
  description: Label;
  /** Facts (or results of earlier steps) the step used. */
  inputs: Record<string, ExplanationValue>;
  /** Policy parameters the step used: parameter path → value. */
  parameters: Record<string, ExplanationValue>;
  result: ExplanationValue;
}

/** A reason for an outcome, for the decision and for the written notice to the household. */
export interface Reason extends Label {
  code: string;
  memberId?: string;
}

export function step(
  rule: string,
  description: Label,
  inputs: Step['inputs'],
  parameters: Step['parameters'],
  result: ExplanationValue,
): Step {
  return { rule, description, inputs, parameters, result };
}

/** An exact figure for an explanation. */
export function exact(value: Rational): string {
  return value.describe();
}
