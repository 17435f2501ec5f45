/** Money in 元 from integer fen (never floating arithmetic), dates in Asia/Shanghai. */
export function yuan(fen: number | string | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const n = BigInt(typeof fen === 'string' ? fen : Math.trunc(fen));
  const neg = n < 0n;
  const abs = neg ? -n : n;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}¥${whole}.${cents}`;
}

/** 元 typed by an officer (e.g. "1500" or "1500.5") → integer fen, without floating arithmetic. */
export function toFen(yuanText: string): number | null {
  const m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(yuanText);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function shanghaiDate(d: Date = new Date()): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function shanghaiDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** Masks a resident ID as 3301**********123X unless it already is. */
export function maskId(id: string | null | undefined): string {
  if (!id) return '—';
  return id.includes('*') ? id : `${id.slice(0, 4)}**********${id.slice(-4)}`;
}

/** The file name of a Content-Disposition header (`attachment; filename="x.xlsx"`), or the fallback. */
export function dispositionFilename(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) return decodeURIComponent(star[1]!.trim());
  const plain = /filename="?([^";]+)"?/i.exec(header ?? '');
  return plain ? plain[1]!.trim() : fallback;
}
