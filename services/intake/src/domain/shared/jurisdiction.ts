/**
 * Administrative division codes: 6 digits district (county), 9 street office / township,
 * 12 community. A jurisdiction covers every code that starts with it.
 */
export const DIVISION_CODE = /^[1-9](\d{5}|\d{8}|\d{11})$/;

export function isDivisionCode(code: unknown): code is string {
  return typeof code === 'string' && DIVISION_CODE.test(code);
}

export function jurisdictionCovers(jurisdiction: string, code: string): boolean {
  return isDivisionCode(jurisdiction) && code.startsWith(jurisdiction);
}

export function districtOf(code: string): string {
  return code.slice(0, 6);
}

export function streetOf(code: string): string {
  return code.slice(0, 9);
}
