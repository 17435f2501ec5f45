import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, redactText, runWithCorrelationId, currentCorrelationId } from '@sa/logging';

const RESIDENT_ID = '33010619900101123X';
const RESIDENT_ID_DIGITS = '110105194912310029';
const PHONE = '13812345678';
const BANK_ACCOUNT = '6222021234567890123';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: 'test', level: 'debug' }, sink as unknown as pino.DestinationStream);
  return { logger, lines, text: () => lines.join('\n') };
}

function expectNoIdentifiers(text: string) {
  for (const secret of [RESIDENT_ID, RESIDENT_ID_DIGITS, PHONE, BANK_ACCOUNT, '1234567890123']) {
    expect(text).not.toContain(secret);
  }
}

describe('log redaction', () => {
  it('masks identifiers under known keys, whatever the nesting or casing', () => {
    const { logger, text } = capture();
    logger.info(
      {
        residentId: RESIDENT_ID,
        household: { members: [{ id_number: RESIDENT_ID_DIGITS, Phone: PHONE }] },
        payment: { bankAccount: BANK_ACCOUNT, bank_account_number: 'acct-1234567890123' },
      },
      'application received',
    );
    expectNoIdentifiers(text());
    const line = JSON.parse(text());
    expect(line.residentId).toBe('[REDACTED]');
    expect(line.household.members[0]).toEqual({ id_number: '[REDACTED]', Phone: '[REDACTED]' });
    expect(line.msg).toBe('application received');
  });

  it('masks identifiers found in messages, free text values and error stacks', () => {
    const { logger, text, lines } = capture();
    logger.warn(`applicant ${RESIDENT_ID} phone ${PHONE} account ${BANK_ACCOUNT}`);
    logger.info({ note: `身份证号${RESIDENT_ID_DIGITS}，电话+86 ${PHONE}` }, 'visit note');
    logger.error({ err: new Error(`lookup failed for ${RESIDENT_ID_DIGITS}`) }, 'lookup failed');
    logger.info('GET /residents/%s/cases?phone=%s', RESIDENT_ID, PHONE);
    expectNoIdentifiers(text());
    expect(JSON.parse(lines[0]).msg).toBe(`applicant 33**************** phone 138****5678 account ***************0123`);
    expect(JSON.parse(lines[1]).note).toBe('身份证号11****************，电话+86 138****5678');
  });

  it('leaves ordinary numbers, uuids and timestamps alone', () => {
    expect(redactText('case 3f0c1a2b-9d4e-4c1f-8a7b-123456789012 amount 123456 fen at 2025-01-31T08:00:00+08:00')).toBe(
      'case 3f0c1a2b-9d4e-4c1f-8a7b-123456789012 amount 123456 fen at 2025-01-31T08:00:00+08:00',
    );
  });

  it('adds the correlation id of the current context to every line', () => {
    const { logger, lines } = capture();
    runWithCorrelationId('corr-42', () => {
      logger.info('inside');
      logger.child({ component: 'consumer' }).info('child inside');
      expect(currentCorrelationId()).toBe('corr-42');
    });
    logger.info('outside');
    expect(lines.map((l) => JSON.parse(l).correlationId)).toEqual(['corr-42', 'corr-42', undefined]);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', service: 'test' });
  });

  it('replaces an unacceptable correlation id with a new one', () => {
    runWithCorrelationId('bad id\n{"injected":true}', () => {
      expect(currentCorrelationId()).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('division codes', () => {
  it('keeps 12-digit division codes where the text names them, and masks the same digits elsewhere', () => {
    expect(redactText('GET /intake/jurisdictions/330106001001/ping')).toBe('GET /intake/jurisdictions/330106001001/ping');
    expect(redactText('jurisdiction=330106001001')).toBe('jurisdiction=330106001001');
    expect(redactText('paid to 330106001001')).toBe('paid to ********1001');
    const { logger, lines } = capture();
    logger.info({ actor: { jurisdiction: '330106001001' }, account: '330106001001' }, 'x');
    expect(JSON.parse(lines[0])).toMatchObject({ actor: { jurisdiction: '330106001001' }, account: '********1001' });
  });
});
