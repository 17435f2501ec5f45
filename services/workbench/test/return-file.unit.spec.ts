/**
 * 银行回盘 in the web app: the preview of a return file the officer is about to upload reads it as the
 * disbursement service does (header, one returned payment a line, quoted fields), and the service's
 * refusals are said in Chinese with the line they name.
 */
import { parseReturnFile } from '../../disbursement/src/bank/bank-file';
import { previewReturnFile, returnFileProblemText, returnReasonText } from '../web/src/return-file';

const P1 = '0b9c6f2e-3c1a-4d7e-9a55-0f6a1d2b3c4d';
const P2 = '7f3e2d1c-0b9a-4876-a543-210fedcba987';

describe('银行回盘: the preview reads the file as the service does', () => {
  it('the header alone: nothing returned', () => {
    expect(previewReturnFile('payment_id,reason_code,bank_message\n')).toEqual({ headerOk: true, returned: [] });
    expect(parseReturnFile('payment_id,reason_code,bank_message\n')).toEqual([]);
  });

  it('returned lines with quoted messages, CRLF and a BOM: the same payments and codes as the service parses', () => {
    const text = `\uFEFFpayment_id,reason_code,bank_message\r\n${P1.toUpperCase()},ACCOUNT_CLOSED,"户名:张伟, 已销户"\r\n\r\n${P2},NAME_MISMATCH,\r\n`;
    const preview = previewReturnFile(text);
    expect(preview.headerOk).toBe(true);
    expect(preview.returned).toEqual([
      { line: 2, paymentId: P1, reasonCode: 'ACCOUNT_CLOSED', bankMessage: '户名:张伟, 已销户' },
      { line: 3, paymentId: P2, reasonCode: 'NAME_MISMATCH', bankMessage: '' },
    ]);
    const service = parseReturnFile(text.replace(/^\uFEFF/, ''));
    expect(service.map((r) => [r.paymentId, r.reason.code])).toEqual(preview.returned.map((r) => [r.paymentId, r.reasonCode]));
    expect(returnReasonText('ACCOUNT_CLOSED')).toBe('账户已销户');
  });

  it('a file with another header is flagged before it is sent (the service refuses it too)', () => {
    expect(previewReturnFile(`id,code\n${P1},OTHER`).headerOk).toBe(false);
    expect(previewReturnFile('').headerOk).toBe(false);
    expect(() => parseReturnFile(`id,code\n${P1},OTHER`)).toThrow(/header/);
  });
});

describe('银行回盘: the service refusals in Chinese', () => {
  it.each([
    ['invalid_return_file', 'returnFile', '回盘文件格式不正确:首行应为 payment_id,reason_code,bank_message'],
    ['invalid_return_file', 'returnFile[3]', '第 3 行不是有效的支付编号和退回原因代码'],
    ['payment_not_in_run', 'returnFile[2]', '第 2 行的支付编号不属于本发放批次'],
    ['bank_file_not_written', undefined, '本批次的银行文件尚未生成或已登记过回盘,不能再次登记'],
  ])('%s on %s', (code, field, text) => {
    expect(returnFileProblemText(code, field)).toBe(text);
  });

  it('other problems are left to the generic text', () => {
    expect(returnFileProblemText('concurrency_conflict', undefined)).toBeNull();
  });
});
