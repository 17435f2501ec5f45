import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/** Debian's fonts-noto-cjk (installed by deploy/documents/prerequisites.sh); override with DOCUMENT_FONT. */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_CJK_FONT_FAMILY = 'NotoSansCJKsc-Regular';

/** One printable notice: a title, the addressee and the body paragraphs, issued by an office on a date. */
export interface NoticeDocument {
  /** e.g. `ACCEPTANCE_NOTICE`; recorded with the digest. */
  kind: string;
  /** 受理通知书, 审批决定书 … */
  title: string;
  /** Case number printed under the title (文号). */
  reference: string;
  /** 申请人 name, printed as the addressee. */
  addressee: string;
  paragraphs: string[];
  /** Issuing office (落款). */
  issuer: string;
  /** Issue date, YYYY-MM-DD (Asia/Shanghai); also the PDF's creation date, so bytes are deterministic. */
  issuedOn: string;
}

export interface RenderedDocument {
  pdf: Buffer;
  /** sha256 hex of the PDF bytes: an auditor compares a paper copy's scan or file with it. */
  digest: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function chineseDate(isoDate: string): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new TypeError(`issuedOn must be YYYY-MM-DD, got ${isoDate}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * Renders a notice as PDF with an embedded (subset) Chinese font. Deterministic: the creation date
 * is the issue date (midnight, Asia/Shanghai) and nothing else varies, so the same notice always
 * gives the same bytes and digest.
 */
export function renderNotice(doc: NoticeDocument, fontPath = process.env.DOCUMENT_FONT ?? DEFAULT_CJK_FONT): Promise<RenderedDocument> {
  const m = ISO_DATE.exec(doc.issuedOn);
  if (!m) throw new TypeError(`issuedOn must be YYYY-MM-DD, got ${doc.issuedOn}`);
  if (!existsSync(fontPath)) throw new Error(`CJK font not found at ${fontPath}: run deploy/documents/prerequisites.sh`);
  const created = new Date(`${doc.issuedOn}T00:00:00+08:00`);
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    compress: true,
    info: { Title: doc.title, Author: doc.issuer, Producer: 'social-assistance', Creator: 'social-assistance', CreationDate: created, ModDate: created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  const family = fontPath.endsWith('.ttc') ? DEFAULT_CJK_FONT_FAMILY : undefined;
  pdf.font(fontPath, family as string);
  pdf.fontSize(20).text(doc.title, { align: 'center' });
  pdf.moveDown(0.5);
  pdf.fontSize(11).text(doc.reference, { align: 'center' });
  pdf.moveDown(1.5);
  pdf.fontSize(12).text(`${doc.addressee}：`);
  pdf.moveDown(0.5);
  for (const p of doc.paragraphs) {
    pdf.text(`\u3000\u3000${p}`, { align: 'left', lineGap: 4 });
    pdf.moveDown(0.5);
  }
  pdf.moveDown(2);
  pdf.text(doc.issuer, { align: 'right' });
  pdf.text(chineseDate(doc.issuedOn), { align: 'right' });
  pdf.end();
  return done.then((bytes) => ({ pdf: bytes, digest: createHash('sha256').update(bytes).digest('hex') }));
}
