/** 数据比对导入 page's helpers: the Content-Type, the answer's sentence, the refusal's rows and text. */
import { FEED_KINDS, feedContentType, feedErrorRows, feedProblemText, feedSummary, XLSX_TYPE, type DataFeedResult } from '../web/src/data-feeds';

describe('数据比对导入 (workbench)', () => {
  it('offers the six kinds of follow-up templates, each with its header row', () => {
    expect(Object.keys(FEED_KINDS)).toEqual(['DEATH', 'VEHICLE', 'PROPERTY', 'BUSINESS', 'PENSION_EMPLOYMENT', 'HOSPITALISATION']);
    expect(FEED_KINDS.DEATH!.columns).toContain('死亡日期');
  });

  it('sends an .xlsx with the workbook type and anything else as CSV', () => {
    expect(feedContentType('民政死亡名单.XLSX')).toBe(XLSX_TYPE);
    expect(feedContentType('deaths.csv')).toBe('text/csv');
  });

  it('says what the import did, and that a file imported again raised nothing new', () => {
    const first: DataFeedResult = { kind: 'DEATH', fileName: 'DEATH.csv', fileDigest: 'ab', format: 'csv', rows: 3, matchedRows: 2, matched: 2, alertsRaised: 2, alreadyRaised: 0, unmatched: 1 };
    expect(feedSummary(first)).toBe('「DEATH.csv」(死亡（火化）登记)共 3 行:2 行与在保家庭成员相符,新生成预警 2 条;1 行无在保对象。');
    expect(feedSummary({ ...first, alertsRaised: 0, alreadyRaised: 2 })).toContain('2 条此前已预警');
  });

  it('lists a refused file’s cells by row, with the column number and header', () => {
    const problem = {
      code: 'data_feed_malformed',
      errorCount: 3,
      errors: [
        { field: 'file.rows[3].入院日期', message: '日期无效', row: 3, column: 3, header: '入院日期', code: 'invalid_date' },
        { field: 'file.rows[1].颜色', message: '未知列「颜色」', row: 1, column: 5, header: '颜色', code: 'unknown_column' },
        { field: 'file.rows[1].号牌号码', message: '缺少必填列「号牌号码」', row: 1, column: 0, header: '号牌号码', code: 'missing_column' },
      ],
    };
    expect(feedErrorRows(problem)).toEqual([
      { row: 1, column: '第 5 列「颜色」', message: '未知列「颜色」' },
      { row: 1, column: '「号牌号码」', message: '缺少必填列「号牌号码」' },
      { row: 3, column: '第 3 列「入院日期」', message: '日期无效' },
    ]);
    expect(feedProblemText(422, problem)).toBe('文件有错误,共 3 处错误,整份未导入(没有生成任何预警)。请按下表逐条更正后重新上传。');
    expect(feedProblemText(422, { code: 'data_feed_unreadable' })).toContain('文件无法读取');
    expect(feedProblemText(415, {})).toBe('请选择 CSV 或 Excel(.xlsx)文件');
  });
});
