/**
 * The README's sample notices (deploy/samples/documents/*.pdf) are what @sa/documents renders from
 * deploy/samples/documents-sample.ts: the text of each committed PDF (pdftotext) equals the text of a fresh
 * rendering, and SHA256SUMS holds the committed files' digests (two renderings being the same bytes is render.unit.spec.ts's).
 * (The committed bytes are not compared with a fresh rendering: another build of the Noto font gives other bytes.)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderNotice } from '../src';
import { SAMPLE_DOCUMENTS_DIR, sampleDocuments } from '../../../deploy/samples/documents-sample';

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'doc-sample-'));
  writeFileSync(join(dir, 'a.pdf'), pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('sample notices (README)', () => {
  const docs = sampleDocuments();

  it('one committed PDF per document kind, with its digest in SHA256SUMS', () => {
    const files = readdirSync(SAMPLE_DOCUMENTS_DIR).filter((f) => f.endsWith('.pdf')).sort();
    expect(files).toEqual(Object.keys(docs).sort());
    expect(new Set(Object.values(docs).map((d) => d.kind))).toEqual(
      new Set(['ACCEPTANCE_NOTICE', 'INTAKE_REFUSAL_NOTICE', 'MATERIALS_NOTICE', 'APPROVAL_DECISION', 'REFUSAL_DECISION', 'CHANGE_NOTICE', 'STOP_NOTICE', 'PUBLIC_NOTICE_LIST']),
    );
    const sums = readFileSync(join(SAMPLE_DOCUMENTS_DIR, 'SHA256SUMS'), 'utf8').trim().split('\n');
    expect(sums.map((l) => l.split('  ')[1]).sort()).toEqual(files);
    for (const line of sums) {
      const [digest, name] = line.split('  ') as [string, string];
      expect(createHash('sha256').update(readFileSync(join(SAMPLE_DOCUMENTS_DIR, name))).digest('hex')).toBe(digest);
    }
  });

  it.each(Object.keys(sampleDocuments()))('%s: the committed text is a fresh rendering\'s', async (name) => {
    const a = await renderNotice(docs[name]!);
    expect(textOf(readFileSync(join(SAMPLE_DOCUMENTS_DIR, name)))).toBe(textOf(a.pdf));
  });

  it('the refusal names the reasons and both remedies with their time limits; the 公示名单 masks names by the one 公示 mask (张某, 欧阳某)', () => {
    const refusal = textOf(readFileSync(join(SAMPLE_DOCUMENTS_DIR, '05-审批决定书（不予批准）.pdf')));
    expect(refusal).toContain('家庭成员名下有非生活必需的机动车一辆');
    expect(refusal).toContain('六十日内向杭州市西湖区人民政府申请行政复议');
    expect(refusal).toContain('六个月内向杭州市西湖区人民法院提起行政诉讼');
    const list = textOf(readFileSync(join(SAMPLE_DOCUMENTS_DIR, '08-公示名单.pdf')));
    expect(list).toContain('1.张某，家庭人口3人');
    expect(list).toContain('2.欧阳某，家庭人口1人');
    expect(list).not.toContain('张三丰');
    expect(list).not.toContain('欧阳娜娜');
  });
});
