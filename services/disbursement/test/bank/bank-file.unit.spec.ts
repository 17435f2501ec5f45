import { csvField, detailLine, fenToYuan, parseReturnFile, trailerLine } from '../../src/bank/bank-file';

describe('bank payment file layout', () => {
  it('writes yuan from integer fen without floating point', () => {
    expect(fenToYuan(130000)).toBe('1300.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(9007199254740991)).toBe('90071992547409.91');
  });

  it('quotes fields holding commas or quotes', () => {
    expect(csvField('王, 芳')).toBe('"王, 芳"');
    expect(csvField('a"b')).toBe('"a""b"');
  });

  it('writes a payment line with the amount in fen and yuan, and a totals trailer', () => {
    const line = detailLine(1, 'run-1', {
      paymentId: 'p-1',
      caseNumber: 'DB-1',
      recipientName: '王芳',
      bankAccountRef: 'acct-1',
      amountFen: 130050,
      program: 'MINIMUM_LIVING_ALLOWANCE',
      period: '2026-03',
    });
    expect(line).toBe('D,1,p-1,DB-1,王芳,acct-1,130050,1300.50,MINIMUM_LIVING_ALLOWANCE,2026-03,run-1');
    expect(trailerLine(2, 260100, 'run-1')).toBe('T,2,,,,,260100,2601.00,,,run-1');
  });
});

describe('bank return file', () => {
  const id = '0f8a7b6c-5d4e-4f3a-9b2c-1d0e9f8a7b6c';

  it('reads the returned payments with their reason codes', () => {
    expect(parseReturnFile(`payment_id,reason_code,bank_message\n${id},NAME_MISMATCH,"户名不符, 请核实"\n`)).toEqual([
      { paymentId: id, reason: { code: 'NAME_MISMATCH', bankMessage: '户名不符, 请核实' } },
    ]);
  });

  it('reads a file with only the header as nothing returned', () => {
    expect(parseReturnFile('payment_id,reason_code,bank_message\n')).toEqual([]);
  });

  it('refuses an unknown reason code, naming the line', () => {
    expect(() => parseReturnFile(`payment_id,reason_code,bank_message\n${id},LOST,\n`)).toThrow(/Line 2/);
  });

  it('refuses a file without its header', () => {
    expect(() => parseReturnFile(`${id},ACCOUNT_CLOSED,\n`)).toThrow(/header/);
  });
});
