/**
 * 数据比对导入 (动态监测): a department's file (CSV or .xlsx) sent to follow-up's
 * `POST /follow-up/jurisdictions/:code/data-feeds?kind=&fileName=` as the raw body. The answer's counts in
 * one Chinese sentence, or the refused file's cells as row / column / message rows.
 */
import type { ImportErrorRow } from './file-import';

/** The feed kinds, as follow-up's templates name them (FEED_TEMPLATES). */
export const FEED_KINDS: Record<string, { title: string; columns: string }> = {
  DEATH: { title: '死亡（火化）登记', columns: '公民身份号码、姓名、死亡日期、登记机关(选填)' },
  VEHICLE: { title: '机动车登记', columns: '公民身份号码、姓名、登记日期、号牌号码、车辆价值（分）(选填)' },
  PROPERTY: { title: '不动产登记', columns: '公民身份号码、姓名、登记日期、不动产坐落、成交价格（分）(选填)' },
  BUSINESS: { title: '市场主体登记', columns: '公民身份号码、姓名、成立日期、市场主体名称、注册资本（分）(选填)' },
  PENSION_EMPLOYMENT: { title: '养老保险及就业登记', columns: '公民身份号码、姓名、起始日期、单位或险种、月金额（分）' },
  HOSPITALISATION: { title: '住院结算', columns: '公民身份号码、姓名、入院日期、医疗机构、个人自付（分）(选填)' },
};

/** Who may import (follow-up's @Roles on the route). */
export const FEED_ROLES = ['street_officer', 'county_approver'];

export interface DataFeedResult {
  kind: string;
  fileName: string;
  fileDigest: string;
  format: 'csv' | 'xlsx';
  rows: number;
  matchedRows: number;
  matched: number;
  alertsRaised: number;
  alreadyRaised: number;
  unmatched: number;
}

/** A refused file's error, as every import page shows it (`file-import.ts`). */
export type FeedErrorRow = ImportErrorRow;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Content-Type the file is sent with: .xlsx by its name, CSV otherwise. */
export function feedContentType(fileName: string): string {
  return fileName.toLowerCase().endsWith('.xlsx') ? XLSX_TYPE : 'text/csv';
}

/** The import's answer in one Chinese sentence. */
export function feedSummary(r: DataFeedResult): string {
  const title = FEED_KINDS[r.kind]?.title ?? r.kind;
  const again = r.alreadyRaised > 0 ? `,${r.alreadyRaised} 条此前已预警(同一文件重复导入,未重复生成)` : '';
  return `「${r.fileName}」(${title})共 ${r.rows} 行:${r.matchedRows} 行与在保家庭成员相符,新生成预警 ${r.alertsRaised} 条${again};${r.unmatched} 行无在保对象。`;
}

/** A refused file's errors as table rows (row, column with its header, message), in row order. */
export function feedErrorRows(problem: Record<string, unknown>): FeedErrorRow[] {
  const raw: Array<Record<string, unknown>> = Array.isArray(problem.errors) ? (problem.errors as Array<Record<string, unknown>>) : [];
  const rows = raw.map((e) => {
    const column = typeof e.column === 'number' && e.column > 0 ? `第 ${e.column} 列` : '';
    const header = typeof e.header === 'string' && e.header !== '' ? `「${e.header}」` : '';
    return {
      row: typeof e.row === 'number' ? e.row : null,
      column: `${column}${header}` || String(e.field ?? ''),
      message: String(e.message ?? ''),
    };
  });
  return rows.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** The refusal of a whole file in Chinese (nothing was imported). */
export function feedProblemText(status: number, problem: Record<string, unknown>): string {
  if (status === 422 && problem.code === 'data_feed_unreadable') return '文件无法读取(不是有效的 Excel 工作簿或 UTF-8 编码的 CSV),未导入任何记录。';
  if (status === 422) {
    const count = typeof problem.errorCount === 'number' ? `共 ${problem.errorCount} 处错误,` : '';
    return `文件有错误,${count}整份未导入(没有生成任何预警)。请按下表逐条更正后重新上传。`;
  }
  if (status === 413) return '文件过大,请拆分后再上传';
  if (status === 415) return '请选择 CSV 或 Excel(.xlsx)文件';
  if (status === 403) return '只有本辖区的街道经办人员或县级审批人员可以导入比对数据';
  if (status === 400) return '文件是空的,或比对类别、文件名有误,请检查后重新上传';
  return String(problem.detail ?? '导入失败,请稍后重试');
}
