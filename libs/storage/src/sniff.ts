/**
 * Media type from the file's first bytes (magic numbers), never from the client's Content-Type or
 * file name. Returns null for anything not recognised.
 */
export function sniffMediaType(head: Buffer): string | null {
  const starts = (bytes: number[], at = 0) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
  const ascii = (text: string, at = 0) => head.length >= at + text.length && head.toString('latin1', at, at + text.length) === text;
  if (ascii('%PDF-')) return 'application/pdf';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii('RIFF') && ascii('WEBP', 8)) return 'image/webp';
  if (ascii('ftyp', 4)) {
    const brand = head.toString('latin1', 8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
    return 'video/mp4';
  }
  if (ascii('GIF87a') || ascii('GIF89a')) return 'image/gif';
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return 'application/x-executable';
  if (starts([0x4d, 0x5a])) return 'application/x-msdownload';
  return null;
}

/** What case files accept: scans and photos of documents, and PDFs. */
export const DEFAULT_ALLOWED_MEDIA_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/tiff'];

/** How many leading bytes `sniffMediaType` needs. */
export const SNIFF_BYTES = 16;
