/** The import pages' shared result block (components/FileImportResult.vue): the refusals as a downloadable CSV. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusalsCsv, refusalsFileName } from '../web/src/file-import';
import { feedErrorRows } from '../web/src/data-feeds';
import { importErrorRows } from '../web/src/paper';

describe('file imports: 下载错误清单', () => {
  it('writes the table as CSV: BOM, header 行号,列,问题, one line per error, CRLF', () => {
    const csv = refusalsCsv([
      { row: 1, column: '第 4 列「颜色」', message: '未知列「颜色」' },
      { row: 2, column: '第 3 列「死亡日期」', message: '日期无效' },
    ]);
    expect(csv).toBe('\uFEFF行号,列,问题\r\n1,第 4 列「颜色」,未知列「颜色」\r\n2,第 3 列「死亡日期」,日期无效\r\n');
  });

  it('quotes commas, quotes and line breaks; a row-less error has an empty 行号; a formula-looking cell stays text', () => {
    const csv = refusalsCsv([
      { row: null, column: 'file', message: '缺少列: 姓名, 公民身份号码' },
      { row: 3, column: '备注', message: '值 "=1+1" 无效\n请更正' },
      { row: 4, column: '=HYPERLINK("x")', message: '-5' },
    ]);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(',file,"缺少列: 姓名, 公民身份号码"');
    expect(lines[2]).toBe('3,备注,"值 ""=1+1"" 无效\n请更正"');
    expect(lines[3]).toBe(`4,"'=HYPERLINK(""x"")",'-5`);
  });

  it('takes the rows of both pages as they are (数据比对导入 and 存量台账迁入 share the row shape)', () => {
    const feed = feedErrorRows({ errors: [{ field: 'file.rows[1].颜色', message: '未知列「颜色」', row: 1, column: 4, header: '颜色' }] });
    const ledger = importErrorRows({}, [{ field: 'row 2: 身份证号', message: '校验位不正确' }]);
    expect(refusalsCsv([...feed, ...ledger]).split('\r\n').slice(1, 3)).toEqual(['1,第 4 列「颜色」,未知列「颜色」', '2,身份证号,校验位不正确']);
  });

  it('names the download after the file sent', () => {
    expect(refusalsFileName('DEATH.csv')).toBe('DEATH-错误清单.csv');
    expect(refusalsFileName('存量台账.XLSX')).toBe('存量台账-错误清单.csv');
    expect(refusalsFileName('a/b:c.csv')).toBe('a_b_c-错误清单.csv');
    expect(refusalsFileName('')).toBe('错误清单.csv');
    expect(refusalsFileName(null)).toBe('错误清单.csv');
  });

  it('both import pages show their answer through the one result block', () => {
    for (const page of ['DataFeedImportPage.vue', 'CaseloadImportPage.vue']) {
      const source = readFileSync(join(__dirname, '../web/src/pages', page), 'utf8');
      expect({ page, usesBlock: source.includes('<FileImportResult '), ownTable: source.includes('<table') }).toEqual({ page, usesBlock: true, ownTable: false });
    }
  });
});
