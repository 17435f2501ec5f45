/**
 * The needles of the journey's leak search (issue 18) find what they look for and nothing else: the personal
 * values in their encodings, and the sealed-only figures (the deposit, the applicant's raised wages) as JSON values
 * and as printed in 元 — never inside ids, timestamps or other amounts. The journey itself runs the search over a
 * pg_dump, every Kafka topic and every log (test/e2e/journey.e2e.spec.ts).
 */
import { APPLICANT_RAISED_WAGES_FEN, HOUSEHOLD_BIRTH_DATES, HOUSEHOLD_DEPOSIT_FEN } from './household';
import { figureNeedles, needlesFor, search, yuanNeedles } from './leak-search';

describe('leak search needles', () => {
  it('finds a value in clear, digits only, base64 at each alignment and hex', () => {
    const id = '33010619800315001X';
    const needles = needlesFor('residentId', id);
    for (const prefix of ['', 'a', 'ab']) {
      expect(search('probe', Buffer.from(Buffer.from(`${prefix}${id}`).toString('base64')), needles).length).toBeGreaterThan(0);
    }
    expect(search('probe', Buffer.from(`{"id":"${id.slice(0, 17)}"}`), needles).map((f) => f.needle)).toEqual([expect.stringContaining('(digits)')]);
    expect(search('probe', Buffer.from(Buffer.from(id).toString('hex')), needles).map((f) => f.needle)).toEqual([expect.stringContaining('(hex)')]);
  });

  it('finds a birth date as stored (a JSON date) and inside a resident ID, not in the clear age-group months', () => {
    expect(HOUSEHOLD_BIRTH_DATES).toEqual(['1980-03-12', '1982-07-05', '2012-09-15']);
    const needles = HOUSEHOLD_BIRTH_DATES.flatMap((d) => needlesFor('birthDate', d));
    expect(search('probe', Buffer.from('{"memberId":"m1","birthDate":"1980-03-12"}'), needles).map((f) => f.needle)).toEqual([expect.stringContaining('(clear)')]);
    expect(search('probe', Buffer.from('{"residentId":"440305198207051232"}'), needles).map((f) => f.needle)).toEqual([expect.stringContaining('(digits)')]);
    expect(search('probe', Buffer.from('{"ageGroups":[{"memberId":"m1","adultFrom":"1998-04","elderlyFrom":"2040-04"}],"decidedOn":"2026-03-12"}'), needles)).toEqual([]);
  });

  it('finds the sealed-only figures as JSON values and as printed in 元', () => {
    const deposit = [...figureNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN), ...yuanNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN)];
    expect(yuanNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN).map((n) => n.bytes.toString())).toEqual(['8,620.11', '8620.11']);
    expect(yuanNeedles('income figure', APPLICANT_RAISED_WAGES_FEN).map((n) => n.bytes.toString())).toEqual(['3,300.00', '3300.00']);
    const probe = Buffer.from(`{"valueFen":${HOUSEHOLD_DEPOSIT_FEN},"b":{"totalFen": ${HOUSEHOLD_DEPOSIT_FEN}},"x":"${HOUSEHOLD_DEPOSIT_FEN}","t":"存款 ¥8,620.11","u":"8620.11元"}`);
    expect(search('probe', probe, deposit)).toHaveLength(5);
    const wages = [...figureNeedles('income figure', APPLICANT_RAISED_WAGES_FEN), ...yuanNeedles('income figure', APPLICANT_RAISED_WAGES_FEN)];
    expect(search('probe', Buffer.from(`{"monthlyAverageFen":${APPLICANT_RAISED_WAGES_FEN}} 月工资 3,300.00 元`), wages)).toHaveLength(2);
  });

  it('does not match the figures inside ids, timestamps, larger numbers or other amounts', () => {
    const deposit = [...figureNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN), ...yuanNeedles('asset figure', HOUSEHOLD_DEPOSIT_FEN)];
    const ids = Buffer.from(`{"id":"0a${HOUSEHOLD_DEPOSIT_FEN}1c-0000","at":"2026-03-04T10:00:00.${HOUSEHOLD_DEPOSIT_FEN}+08:00","n":1${HOUSEHOLD_DEPOSIT_FEN}}`);
    expect(search('probe', ids, deposit)).toEqual([]);
    const wages = [...figureNeedles('income figure', APPLICANT_RAISED_WAGES_FEN), ...yuanNeedles('income figure', APPLICANT_RAISED_WAGES_FEN)];
    // the household-level figures stay in clear by design: (¥3,300 + ¥300) a month, the per-capita ¥1,200
    expect(search('probe', Buffer.from('{"totalFen":360000,"perCapitaFen":120000,"text":"家庭月收入 3,600.00 元，人均 1,200.00 元"}'), wages)).toEqual([]);
    expect(() => figureNeedles('x', 30000)).toThrow(/at least 6 digits/);
    expect(() => yuanNeedles('x', 30000)).toThrow(/at least/);
  });
});
