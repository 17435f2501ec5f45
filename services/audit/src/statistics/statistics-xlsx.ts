import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { MonthlyStatistics, StatisticsRow } from '../domain';

const COLUMNS: { header: string; key: keyof StatisticsRow | 'netYuan'; width: number }[] = [
  { header: '区县', key: 'district', width: 10 },
  { header: '项目', key: 'programLabel', width: 18 },
  { header: '户数', key: 'households', width: 8 },
  { header: '人数', key: 'persons', width: 8 },
  { header: '其中：老年人', key: 'elderly', width: 12 },
  { header: '未成年人', key: 'minors', width: 10 },
  { header: '残疾人', key: 'disabled', width: 8 },
  { header: '人数未知户数', key: 'householdsWithoutCoverage', width: 12 },
  { header: '发放笔数', key: 'payments', width: 10 },
  { header: '发放金额(分)', key: 'issuedFen', width: 14 },
  { header: '补发金额(分)', key: 'reissuedFen', width: 14 },
  { header: '退回金额(分)', key: 'returnedFen', width: 14 },
  { header: '净支出(分)', key: 'netFen', width: 14 },
  { header: '净支出(元)', key: 'netYuan', width: 14 },
];

/**
 * The month's figures as an .xlsx in the layout of a monthly report (民政统计月报): a title line, the
 * division and month, a header row, one row per district × programme and a 合计 row. Amounts stay
 * integer fen; the 元 column is a formula over the fen column, so nothing is rounded in the data.
 */
export async function writeStatisticsXlsx(s: MonthlyStatistics, out: Writable): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'social-assistance';
  const created = new Date(`${s.month}-01T00:00:00+08:00`);
  wb.created = created;
  wb.modified = created;
  const ws = wb.addWorksheet(`${s.month} 月报`);
  ws.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  ws.getCell(1, 1).value = `社会救助民政统计月报（${s.month.slice(0, 4)}年${Number(s.month.slice(5, 7))}月）`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.getCell(2, 1).value = `统计范围：区划${s.division}`;
  const header = ws.getRow(3);
  COLUMNS.forEach((c, i) => (header.getCell(i + 1).value = c.header));
  header.font = { bold: true };
  const netCol = COLUMNS.findIndex((c) => c.key === 'netFen') + 1;
  const colLetter = ws.getColumn(netCol).letter;
  const addRow = (values: Record<string, unknown>) => {
    const row = ws.addRow(values);
    row.getCell(COLUMNS.length).value = { formula: `${colLetter}${row.number}/100` };
    row.getCell(COLUMNS.length).numFmt = '#,##0.00';
    return row;
  };
  for (const r of s.rows) addRow({ ...r });
  const total = addRow({ ...s.totals, district: '合计', programLabel: '' });
  total.font = { bold: true };
  await wb.xlsx.write(out);
}
