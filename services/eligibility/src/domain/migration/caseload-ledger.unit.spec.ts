import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidV5 } from '@sa/eventstore';
import { parseCsv } from '../../case-imports/ledger-file';
import { migrateCommand } from '../../case-imports/case-import.service';
import { toIntegrationEvent } from '../../messaging/outgoing';
import { createReviewCaseDecider } from '../review-case/decide';
import { initialReviewCaseState, evolveReviewCase } from '../review-case/events';
import type { MigrateCase } from '../review-case/migration';
import { CaseloadHouseholdAssembler, CaseloadLedgerChecker, LEDGER_COLUMNS, readCaseloadLedger, yuanToFen } from './caseload-ledger';

const SAMPLE = parseCsv(readFileSync(join(__dirname, '../../../../../deploy/samples/caseload-ledger.csv'), 'utf8'));
const NS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const options = { jurisdiction: '330106', idFor: (n: string) => uuidV5(n, NS), today: '2026-12-07' };
const col = (name: string) => SAMPLE[0]!.indexOf(name);
const withCell = (rows: string[][], row: number, column: string, value: string) => rows.map((r, i) => (i === row - 1 ? r.map((c, j) => (j === col(column) ? value : c)) : r));

describe('caseload ledger (pure)', () => {
  it('reads the sample: three households, members grouped by 户编号, amounts in fen, birth dates from the resident ID', () => {
    const { households, errors } = readCaseloadLedger(SAMPLE, options);
    expect(errors).toEqual([]);
    expect(households.map((h) => [h.householdKey, h.program, h.jurisdiction, h.members.length, h.monthlyAmountFen, h.rows])).toEqual([
      ['XH-2023-0001', 'MINIMUM_LIVING_ALLOWANCE', '330106001001', 3, 156000, [2, 3, 4]],
      ['XH-2024-0017', 'EXTREME_POVERTY_SUPPORT', '330106002001', 1, 185000, [5]],
      ['XH-2024-0033', 'LOW_INCOME_MARGINAL', '330106001002', 2, 0, [6, 7]],
    ]);
    const first = households[0]!;
    expect(first.members[0]).toMatchObject({ name: '王建国', birthDate: '1958-03-12', covered: true, disability: null });
    expect(first.members[1]!.disability).toEqual({ grade: 2, category: 'PHYSICAL' });
    expect(households[2]!.members[1]!.covered).toBe(false);
    expect(households[2]!.perCapitaIncomeFen).toBe(142050);
    // ids derive from the household: reading again gives the same case
    expect(readCaseloadLedger(SAMPLE, options).households[0]!.caseId).toBe(first.caseId);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('1160.05')).toBe(116005);
  });

  it('amounts may be given in fen (分 headings)', () => {
    const fen = SAMPLE.map((r, i) => (i === 0 ? r.map((h) => h.replace('(元)', '(分)')) : r.map((c, j) => ([col('月保障金额(元)'), col('保障标准(元)'), col('家庭月人均收入(元)')].includes(j) && c ? String(yuanToFen(c)) : c))));
    expect(readCaseloadLedger(fen, options).households.map((h) => h.monthlyAmountFen)).toEqual([156000, 185000, 0]);
  });

  it('a file with errors yields every error with its row and column, and no household', () => {
    let bad = withCell(SAMPLE, 2, '身份证号', '330106195803120115'); // wrong check digit
    bad = withCell(bad, 3, '区划代码', '3301060010'); // not 12 digits
    bad = withCell(bad, 5, '月保障金额(元)', '18.505'); // three decimals
    bad = withCell(bad, 5, '原批准日期', '2024-02-30');
    bad = withCell(bad, 6, '保障类别', '五保');
    bad = withCell(bad, 6, '本系统首次发放月份', '2024-10');
    bad = withCell(bad, 7, '身份证号', SAMPLE[2]![col('身份证号')]!); // duplicate of row 3
    const { households, errors } = readCaseloadLedger(bad, options);
    expect(households).toEqual([]);
    expect(errors.map((e) => `${e.row}:${e.column}`)).toEqual(
      expect.arrayContaining(['2:身份证号', '3:区划代码', '5:月保障金额(元)', '5:原批准日期', '6:保障类别', '7:身份证号']),
    );
    expect(errors.find((e) => e.row === 7 && e.column === '身份证号')!.message).toBe('与第3行重复');
    const outside = readCaseloadLedger(SAMPLE, { ...options, jurisdiction: '330105' });
    expect(outside.errors.filter((e) => e.column === LEDGER_COLUMNS.division)).toHaveLength(6);
    expect(readCaseloadLedger([SAMPLE[0]!.slice(1)], options).errors).toEqual([{ row: 1, column: '户编号', message: '缺少此列' }]);
  });

  it('a household needs exactly one 户主 row', () => {
    const twoHeads = withCell(SAMPLE, 3, '与户主关系', '户主');
    expect(readCaseloadLedger(twoHeads, options).errors).toEqual([{ row: 3, column: '与户主关系', message: '户编号 XH-2023-0001 有多个户主行' }]);
  });

  it('streams in two passes: the checker keeps no row, the assembler gives each household once its last row is read (members apart in the file too)', () => {
    // the sample's rows reordered: the first household's head at the end, a member of it in between the others
    const order = [0, 2, 4, 5, 3, 6, 1];
    const shuffled = order.map((i) => SAMPLE[i]!);
    const checker = new CaseloadLedgerChecker(options);
    expect(checker.header(shuffled[0]!)).toBe(true);
    for (let i = 1; i < shuffled.length; i++) checker.row(i + 1, shuffled[i]!);
    const { errors, rowsOf } = checker.finish();
    expect(errors).toEqual([]);
    expect([...rowsOf]).toEqual([['XH-2023-0001', 3], ['XH-2024-0017', 1], ['XH-2024-0033', 2]]);
    const assembler = new CaseloadHouseholdAssembler(options, rowsOf);
    assembler.header(shuffled[0]!);
    const given: [number, string, number[]][] = [];
    for (let i = 1; i < shuffled.length; i++) {
      const h = assembler.row(i + 1, shuffled[i]!);
      if (h) given.push([i + 1, h.householdKey, h.rows]);
    }
    expect(given).toEqual([
      [3, 'XH-2024-0017', [3]],
      [6, 'XH-2024-0033', [4, 6]],
      [7, 'XH-2023-0001', [2, 5, 7]],
    ]);
    expect(assembler.waiting).toBe(0);
    // the same households as the whole-file read, whatever the order of the rows
    const whole = readCaseloadLedger(SAMPLE, options).households;
    const again = readCaseloadLedger(shuffled, options).households;
    expect(again.map((h) => [h.caseId, h.monthlyAmountFen, h.members.map((m) => m.memberId).sort()])).toEqual(
      [whole[0]!, whole[1]!, whole[2]!].map((h) => [h.caseId, h.monthlyAmountFen, h.members.map((m) => m.memberId).sort()]),
    );
    expect(again.find((h) => h.householdKey === 'XH-2023-0001')!.headMemberId).toBe(whole[0]!.headMemberId);
  });

  it('a household checked across the file: a member whose 户主 row comes later still has to match its programme and division', () => {
    const order = [0, 2, 3, 1, 4, 5, 6];
    let shuffled = order.map((i) => SAMPLE[i]!);
    shuffled = withCell(shuffled, 2, '区划代码', '330106001009'); // a member before its head, in another community
    expect(readCaseloadLedger(shuffled, options).errors).toEqual([{ row: 2, column: '区划代码', message: '同一户的区划代码应与户主行(第4行)一致' }]);
    expect(readCaseloadLedger([SAMPLE[0]!, ['', '', ''], SAMPLE[0]!.map(() => ' ')], options).errors).toEqual([{ row: 1, column: '文件', message: '没有数据行' }]);
  });
});

describe('CaseMigrated (given / when / then)', () => {
  const decider = createReviewCaseDecider({ calendar: { addWorkingDays: () => null } as never });
  const actor = { id: 'officer-county-003', role: 'county_approver', jurisdiction: '330106' };
  const source = { importId: uuidV5('i', NS), fileName: 'caseload-ledger.csv', fileDigest: 'a'.repeat(64) };
  const household = readCaseloadLedger(SAMPLE, options).households[0]!;
  const migrated = (): MigrateCase => ({ ...migrateCommand(household, source), metadata: { actor, now: '2026-12-07T09:00:00+08:00' } });

  it('a new case starts with CaseMigrated: approved, benefit active from the first month, provenance kept', () => {
    const events = decider.decide(migrated(), initialReviewCaseState);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'CaseMigrated',
      data: { caseId: household.caseId, source: { ...source, rows: [2, 3, 4] }, monthlyAmountFen: 156000, startMonth: '2027-01', decidedOn: '2023-05-18', policyVersion: 'legacy-ledger', importedBy: actor },
    });
    const state = events.reduce(evolveReviewCase, initialReviewCaseState);
    expect(state).toMatchObject({ status: 'APPROVED', jurisdiction: '330106001001', benefit: { status: 'ACTIVE', monthlyAmountFen: 156000, sinceMonth: '2027-01', coveredMemberIds: household.members.map((m) => m.memberId) } });
    // the case file says where it came from (存量台账迁入): the file, its rows, who imported it and when
    expect(state.migrated).toEqual({ ...source, rows: [2, 3, 4], importedBy: actor, importedOn: '2026-12-07' });
    // the second time: the case exists
    expect(() => decider.decide(migrated(), state)).toThrow(expect.objectContaining({ code: 'case_already_exists' }));
  });

  it('keeps the 供养方式 of a 特困 household that the 保障类别 names (特困分散供养 / 特困集中供养) on its CaseMigrated; plain 特困 records none', () => {
    const special = (text: string) => readCaseloadLedger(withCell(SAMPLE, 5, '保障类别', text), options).households[1]!;
    expect(special('特困分散供养')).toMatchObject({ program: 'EXTREME_POVERTY_SUPPORT', supplyMode: 'DISPERSED' });
    expect(special('特困集中供养')).toMatchObject({ program: 'EXTREME_POVERTY_SUPPORT', supplyMode: 'CENTRALIZED' });
    expect(special('特困')).not.toHaveProperty('supplyMode');
    expect(household).not.toHaveProperty('supplyMode'); // 城市低保
    const command = (h: ReturnType<typeof special>): MigrateCase => ({ ...migrateCommand(h, source), metadata: { actor, now: '2026-12-07T09:00:00+08:00' } });
    const [event] = decider.decide(command(special('特困集中供养')), initialReviewCaseState);
    expect(event).toMatchObject({ type: 'CaseMigrated', data: { program: 'EXTREME_POVERTY_SUPPORT', supplyMode: 'CENTRALIZED', selfCareLevel: 'PARTLY_DEPENDENT' } });
    expect(decider.decide(command(special('特困')), initialReviewCaseState)[0]!.data).not.toHaveProperty('supplyMode');
    // only 特困 has a supply mode
    const wrong = { ...migrated(), data: { ...migrated().data, supplyMode: 'CENTRALIZED' as const } };
    expect(() => decider.decide(wrong, initialReviewCaseState)).toThrow(expect.objectContaining({ code: 'supply_mode_not_applicable' }));
  });

  it('is published as AssistanceGranted (valid against the contract) naming the file and rows', () => {
    const [event] = decider.decide(migrated(), initialReviewCaseState);
    const published = toIntegrationEvent({
      eventId: uuidV5('e', NS),
      type: event!.type,
      data: event!.data,
      metadata: { correlationId: household.caseId, causationId: uuidV5('c', NS), actor, occurredAt: '2026-12-07T10:00:00+08:00' },
    })!;
    expect(published.type).toBe('AssistanceGranted');
    expect(published.data).toMatchObject({ caseId: household.caseId, program: 'MINIMUM_LIVING_ALLOWANCE', monthlyAmountFen: 156000, startMonth: '2027-01', decidedBy: actor, recipient: { bankAccountMasked: '6228 **** **** 0018' } });
    expect((published.data as { explanation: { code: string; description: string }[] }).explanation[0]!.description).toContain(`SHA-256 ${source.fileDigest}）第 2、3、4 行`);
  });
});
