/**
 * The one way the SPA talks to the gateway: `/api/<context>/…` with the session cookie, the CSRF
 * header on every non-GET request, problem+json turned into an ApiError whose field errors the forms
 * show next to their fields, and a 401 sending the browser to sign-in (returning to this page).
 */
import { dispositionFilename } from './format';
import { ApiError, type FieldError } from './api-error';

export { ApiError, type FieldError };

export type Context = 'intake' | 'verification' | 'eligibility' | 'disbursement' | 'follow-up' | 'audit';

export function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)sa_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]!) : '';
}

export function signInUrl(returnTo = location.pathname + location.search): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  ifMatch?: string;
  idempotencyKey?: string;
  /** Return the raw response (downloads). */
  raw?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  etag: string | null;
}

export async function request<T = unknown>(url: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = opts.method ?? 'GET';
  const qs = opts.query
    ? Object.entries(opts.query)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&')
    : '';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(qs ? `${url}?${qs}` : url, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, '网络连接失败', '请求没有送达，请检查网络后重试；已填写的内容不会丢失。', [], {});
  }
  if (res.status === 401) {
    location.assign(signInUrl());
    throw new ApiError(401, '登录已过期', '正在跳转到登录页面…', [], {});
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => undefined) : opts.raw ? undefined : await res.text();
  if (!res.ok) {
    const p = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    throw new ApiError(
      res.status,
      String(p.title ?? res.statusText),
      String(p.detail ?? (typeof body === 'string' ? body : '')),
      Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
      p,
    );
  }
  return { status: res.status, body: body as T, etag: res.headers.get('etag') };
}

export const api = {
  get: <T = any>(ctx: Context, path: string, query?: RequestOptions['query']) => request<T>(`/api/${ctx}${path}`, { query }).then((r) => r.body),
  getWithEtag: <T = any>(ctx: Context, path: string, query?: RequestOptions['query']) => request<T>(`/api/${ctx}${path}`, { query }),
  post: <T = any>(ctx: Context, path: string, body: unknown = {}, extra: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(`/api/${ctx}${path}`, { ...extra, method: 'POST', body }).then((r) => r.body),
  put: <T = any>(ctx: Context, path: string, body: unknown = {}, extra: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(`/api/${ctx}${path}`, { ...extra, method: 'PUT', body }).then((r) => r.body),
};

/**
 * A download (xlsx, csv) through the gateway: fetched first, so a refusal (400 naming the field, 403
 * outside the jurisdiction, 404 of a route not deployed) is thrown as an ApiError the page shows,
 * instead of the browser saving the problem+json as the file; then handed to the browser as a file.
 * Returns the file name and size.
 */
export async function download(ctx: Context, path: string, query: RequestOptions['query'], fallbackName: string): Promise<{ filename: string; bytes: number }> {
  const res = await requestRaw(`/api/${ctx}${path}`, query);
  const blob = await res.blob();
  const filename = dispositionFilename(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { filename, bytes: blob.size };
}

async function requestRaw(url: string, query: RequestOptions['query']): Promise<Response> {
  const qs = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  let res: Response;
  try {
    res = await fetch(qs ? `${url}?${qs}` : url, { credentials: 'same-origin', headers: { accept: '*/*' } });
  } catch {
    throw new ApiError(0, '网络连接失败', '请求没有送达，请检查网络后重试。', [], {});
  }
  if (res.status === 401) {
    location.assign(signInUrl());
    throw new ApiError(401, '登录已过期', '正在跳转到登录页面…', [], {});
  }
  if (!res.ok) {
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json().catch(() => undefined) : await res.text().catch(() => '');
    const p = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    throw new ApiError(res.status, String(p.title ?? res.statusText), String(p.detail ?? (typeof body === 'string' ? body : '')), Array.isArray(p.errors) ? (p.errors as FieldError[]) : [], p);
  }
  return res;
}

/**
 * A file sent as the raw request body (intake's attachments, eligibility's caseload import): not JSON,
 * not multipart; the CSRF header like every other write. A refusal is an ApiError (problem+json).
 */
export async function upload<T = unknown>(url: string, file: Blob, contentType = 'application/octet-stream'): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', 'content-type': contentType, 'x-csrf-token': csrfToken() },
      body: file,
    });
  } catch {
    throw new ApiError(0, '网络连接失败', '请求没有送达，请检查网络后重试。', [], {});
  }
  if (res.status === 401) {
    location.assign(signInUrl());
    throw new ApiError(401, '登录已过期', '正在跳转到登录页面…', [], {});
  }
  const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!res.ok) {
    const p = body && typeof body === 'object' ? body : {};
    throw new ApiError(res.status, String(p.title ?? res.statusText), String(p.detail ?? ''), Array.isArray(p.errors) ? (p.errors as FieldError[]) : [], p);
  }
  return body as T;
}
