/** The ledger sink's CSV side and 元 text: exact, quoted per RFC 4180, backpressure honoured. */
import { PassThrough } from 'node:stream';
import { csvCell, openLedgerSink, yuanText } from '../src/ledger-sink';

describe('ledger sink', () => {
  it('元 from 分 without floating point', () => {
    expect([yuanText(0), yuanText(5), yuanText(104050), yuanText(-1999), yuanText(900719925474099)]).toEqual(['0.00', '0.05', '1040.50', '-19.99', '9007199254740.99']);
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    expect([csvCell('a'), csvCell('a,b'), csvCell('say "hi"'), csvCell('x\ny'), csvCell(null), csvCell(12)]).toEqual(['a', '"a,b"', '"say ""hi"""', '"x\ny"', '', '12']);
  });

  it('CSV: BOM and headings first, CRLF rows, every row written even when the reader is slow', async () => {
    const out = new PassThrough({ highWaterMark: 64 });
    const chunks: Buffer[] = [];
    const sink = openLedgerSink(out, 'csv', 'x', [{ header: '姓名', key: 'name' }, { header: '金额(元)', key: 'yuan' }]);
    const writing = (async () => {
      for (let i = 0; i < 200; i++) await sink.add({ name: `张${i}`, yuan: yuanText(i * 101) });
      await sink.end();
    })();
    // read slowly: the sink waits for 'drain' instead of buffering everything
    for await (const c of out) {
      chunks.push(c as Buffer);
      await new Promise((r) => setImmediate(r));
    }
    await writing;
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('\ufeff姓名,金额(元)');
    expect(lines[1]).toBe('张0,0.00');
    expect(lines[200]).toBe('张199,200.99');
    expect(lines).toHaveLength(202); // the last CRLF leaves an empty tail
  });
});
