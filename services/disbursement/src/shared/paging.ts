import { ValidationProblemException } from '@sa/errors';

/** A page of a list read: what the workbench shows, and the total for its pager. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** `limit` (1–max, default 20) and `offset` (≥ 0) of a list read; bad values are a 400 naming the field. */
export function paging(limitText: string | undefined, offsetText: string | undefined, max = 200): { limit: number; offset: number } {
  const limit = limitText === undefined || limitText === '' ? 20 : Number(limitText);
  const offset = offsetText === undefined || offsetText === '' ? 0 : Number(offsetText);
  const errors: { field: string; message: string }[] = [];
  if (!Number.isInteger(limit) || limit < 1 || limit > max) errors.push({ field: 'limit', message: `limit must be an integer 1–${max}` });
  if (!Number.isInteger(offset) || offset < 0) errors.push({ field: 'offset', message: 'offset must be a non-negative integer' });
  if (errors.length > 0) throw new ValidationProblemException(errors);
  return { limit, offset };
}
