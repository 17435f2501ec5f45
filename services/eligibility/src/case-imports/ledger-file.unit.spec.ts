/** The ledger's CSV read chunk by chunk gives the same rows as the whole text, wherever the chunks end. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvRowsOf, parseCsv } from './ledger-file';

const SAMPLE = readFileSync(join(__dirname, '../../../../deploy/samples/caseload-ledger.csv'));
const TRICKY = Buffer.from('\ufeff户编号,姓名,备注\r\nH-1,"王,建国","说""是""\r\n第二行"\r\nH-2,李娜,\nH-3,"",末尾', 'utf8');

async function chunked(bytes: Buffer, size: number): Promise<string[][]> {
  const chunks = function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };
  const rows: string[][] = [];
  for await (const row of csvRowsOf((async function* () { yield* chunks(); })())) rows.push(row);
  return rows;
}

describe('ledger CSV read as a stream', () => {
  it('given the whole text, quoted commas, doubled quotes, line breaks in a cell, CRLF and LF and no final newline', () => {
    expect(parseCsv(TRICKY.toString('utf8'))).toEqual([
      ['户编号', '姓名', '备注'],
      ['H-1', '王,建国', '说"是"\r\n第二行'],
      ['H-2', '李娜', ''],
      ['H-3', '', '末尾'],
    ]);
  });

  it('when read in chunks of any size (splitting quotes, CRLF and multi-byte characters), then the same rows', async () => {
    for (const file of [TRICKY, SAMPLE]) {
      const whole = parseCsv(file.toString('utf8'));
      for (const size of [1, 2, 3, 5, 7, 64, 4096]) expect(await chunked(file, size)).toEqual(whole);
    }
  });
});
