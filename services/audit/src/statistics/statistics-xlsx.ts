import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { divisionHeading, type MonthlyStatistics, type ProcessRow, type StatisticsReport, type StatisticsRow } from '../domain';

const COLUMNS: { header: string; key: keyof StatisticsRow | 'netYuan' | 'perHouseholdYuan' | 'perPersonYuan' | 'averageStandardYuan'; width: number }[] = [
  { header: '区县', key: 'division', width: 14 },
  { header: '项目', key: 'programLabel', width: 18 },
  { header: '户数', key: 'households', width: 8 },
  { header: '人数', key: 'persons', width: 8 },
  { header: '其中：老年人', key: 'elderly', width: 12 },
  { header: '未成年人', key: 'minors', width: 10 },
  { header: '残疾人', key: 'disabled', width: 8 },
  { header: '特困集中供养人数', key: 'centralizedPersons', width: 16 },
  { header: '特困分散供养人数', key: 'dispersedPersons', width: 16 },
  { header: '救助人次', key: 'personTimes', width: 10 },
  { header: '人数未知户数', key: 'householdsWithoutCoverage', width: 12 },
  { header: '发放笔数', key: 'payments', width: 10 },
  { header: '发放金额(分)', key: 'issuedFen', width: 14 },
  { header: '补发金额(分)', key: 'reissuedFen', width: 14 },
  { header: '退回金额(分)', key: 'returnedFen', width: 14 },
  { header: '净支出(分)', key: 'netFen', width: 14 },
  { header: '净支出(元)', key: 'netYuan', width: 14 },
  { header: '户均救助(元)', key: 'perHouseholdYuan', width: 14 },
  { header: '人均救助(元)', key: 'perPersonYuan', width: 14 },
  { header: '保障标准合计(分)', key: 'standardFenTotal', width: 16 },
  { header: '保障标准已知户数', key: 'householdsWithStandard', width: 16 },
  { header: '平均保障标准(元/人·月)', key: 'averageStandardYuan', width: 22 },
];

const PROCESS_COLUMNS: { header: string; key: keyof ProcessRow; width: number }[] = [
  { header: '区划', key: 'division', width: 14 },
  { header: '审批决定数', key: 'decided', width: 12 },
  { header: '其中：法定时限内', key: 'decidedWithinDeadline', width: 16 },
  { header: '时限内办结率', key: 'withinDeadlineShare', width: 14 },
  { header: '逾期未复核户数', key: 'overdueReviews', width: 16 },
  { header: '比对预警后停保户数', key: 'terminationsAfterDataAlert', width: 20 },
  { header: '再次申请件数', key: 'reapplications', width: 14 },
];

const monthZh = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
const fixedDate = (s: { month: string }) => new Date(`${s.month}-01T00:00:00+08:00`);

function title(ws: ExcelJS.Worksheet, width: number, text: string, scope: string) {
  ws.mergeCells(1, 1, 1, width);
  ws.getCell(1, 1).value = text;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getCell(2, 1).value = scope;
}

function figuresSheet(wb: ExcelJS.Workbook, name: string, s: MonthlyStatistics, figures: Pick<MonthlyStatistics, 'rows' | 'totals'>, note: string) {
  const ws = wb.addWorksheet(name);
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  title(ws, COLUMNS.length, `社会救助民政统计月报（${monthZh(s.month)}）`, `统计范围：区划${s.division}  ${note}`);
  const header = ws.getRow(3);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.key === 'division' ? divisionHeading(s.level) : c.header));
  header.font = { bold: true };
  const col = (key: (typeof COLUMNS)[number]['key']) => COLUMNS.findIndex((c) => c.key === key) + 1;
  const letter = (key: (typeof COLUMNS)[number]['key']) => ws.getColumn(col(key)).letter;
  // 元 and the averages are formulas over the integer fen and counts (rounded to the fen, then shown in 元).
  const addRow = (values: Record<string, unknown>) => {
    const row = ws.addRow(values);
    const n = row.number;
    const formula = (key: (typeof COLUMNS)[number]['key'], f: string) => {
      row.getCell(col(key)).value = { formula: f };
      row.getCell(col(key)).numFmt = '#,##0.00';
    };
    formula('netYuan', `${letter('netFen')}${n}/100`);
    formula('perHouseholdYuan', `IF(${letter('households')}${n}=0,"",ROUND(${letter('netFen')}${n}/${letter('households')}${n},0)/100)`);
    formula('perPersonYuan', `IF(${letter('persons')}${n}=0,"",ROUND(${letter('netFen')}${n}/${letter('persons')}${n},0)/100)`);
    formula('averageStandardYuan', `IF(${letter('householdsWithStandard')}${n}=0,"",ROUND(${letter('standardFenTotal')}${n}/${letter('householdsWithStandard')}${n},0)/100)`);
    return row;
  };
  for (const r of figures.rows) addRow({ ...r });
  const total = addRow({ ...figures.totals, division: '合计', programLabel: '' });
  total.font = { bold: true };
}

/**
 * The month as an .xlsx in the layout of a monthly report (民政统计月报): a title line, the division
 * and month, a header row, one row per division × programme and a 合计 row. Amounts stay integer fen;
 * the 元 column is a formula over the fen column, so nothing is rounded in the data. With a report
 * (both views) the workbook adds the figures as known at month end (月末数), the process figures
 * (过程指标) of both views, and every correction since (更正明细).
 */
export async function writeStatisticsXlsx(s: MonthlyStatistics | StatisticsReport, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'social-assistance';
  wb.created = fixedDate(s);
  wb.modified = fixedDate(s);
  const report = 'asReported' in s ? s : null;
  figuresSheet(wb, `${s.month} 月报`, s, s, report ? `更正后数据${report.correctedAsOf ? `（截至${report.correctedAsOf}）` : ''}` : '');
  if (report) figuresSheet(wb, '月末数', s, report.asReported, `月末数（截至${report.reportedAsOf}）`);
  const ws = wb.addWorksheet('过程指标');
  ws.columns = [{ key: 'view', width: 10 }, ...PROCESS_COLUMNS.map((c) => ({ key: c.key, width: c.width }))];
  title(ws, PROCESS_COLUMNS.length + 1, `社会救助过程指标（${monthZh(s.month)}）`, `统计范围：区划${s.division}`);
  const header = ws.getRow(3);
  ['口径', ...PROCESS_COLUMNS.map((c) => c.header)].forEach((h, i) => (header.getCell(i + 1).value = h));
  header.font = { bold: true };
  const views: [string, Pick<MonthlyStatistics, 'process' | 'processTotals'>][] = report ? [['月末数', report.asReported], ['更正后', s]] : [['当前', s]];
  for (const [view, figures] of views) {
    for (const r of figures.process) ws.addRow({ view, ...r }).getCell(5).numFmt = '0.00%';
    const total = ws.addRow({ view, ...figures.processTotals, division: '合计' });
    total.getCell(5).numFmt = '0.00%';
    total.font = { bold: true };
  }
  if (report) {
    const c = wb.addWorksheet('更正明细');
    c.columns = [{ key: 'table', width: 10 }, { key: 'division', width: 14 }, { key: 'program', width: 26 }, { key: 'field', width: 28 }, { key: 'reported', width: 12 }, { key: 'corrected', width: 12 }];
    title(c, 6, `月末以后的更正（${monthZh(s.month)}）`, `月末数截至${report.reportedAsOf}`);
    const h = c.getRow(3);
    ['表', '区划', '项目', '指标', '月末数', '更正后'].forEach((t, i) => (h.getCell(i + 1).value = t));
    h.font = { bold: true };
    for (const x of report.corrections) c.addRow({ ...x, table: x.table === 'rows' ? '月报' : '过程指标', program: x.program ?? '' });
  }
  await wb.xlsx.write(out);
}
