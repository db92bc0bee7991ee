/**
 * The one way the web talks to the server. The session lives in an HttpOnly cookie set by the server, so the web never
 * sees or stores a token; every request is same-origin with credentials and carries `X-Requested-With`, which the
 * server requires on cookie-authenticated state-changing requests (CSRF defence: a cross-site form cannot set it).
 */

export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

/** The server's error body for every 4xx/5xx. */
export interface ErrorBody {
  code: string;
  message: string;
  messageEn: string;
  fields?: FieldError[];
  requestId?: string;
  lockedUntil?: string;
  /** IDEMPOTENCY_KEY_IN_DOUBT: what the request with that key changed. */
  changes?: { action: string; targetType: string; targetId: string | null }[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;

  constructor(status: number, body: ErrorBody | null) {
    super(body ? `${body.code}: ${body.messageEn}` : `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): string | undefined {
    return this.body?.code;
  }
}

/** Thrown when the server cannot be reached at all (offline, DNS, proxy down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {};

/** The app registers where a 401 goes (the login page); the login call itself is exempt. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

let onPasswordChangeRequired: () => void = () => {};

/**
 * The app registers what a 403 AUTH_PASSWORD_CHANGE_REQUIRED does (the password expired while signed in): the profile
 * is read again, and the change-password screen takes over until the password is changed.
 */
export function setPasswordChangeRequiredHandler(handler: () => void): void {
  onPasswordChangeRequired = handler;
}

export type QueryParams = Record<string, string | number | undefined | null>;

export function withQuery(path: string, params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** A raw body sent as is with its own type instead of JSON: a material's file (the server sniffs the type). */
  file?: Blob;
  signal?: AbortSignal;
  /** For the login call: a 401 there means wrong credentials, not an expired session. */
  skipUnauthorizedHandler?: boolean;
}

/**
 * A state-changing request carries an `Idempotency-Key` (the server's issue 6 §3), and when no answer comes back — the
 * connection dropped, as on a phone between cells — it is sent again with the same key, after RETRY_DELAYS_MS. If the
 * first one was carried out, the server answers the retry with the first answer and does nothing twice; if it never
 * arrived, the retry does it. Only a request the server may not have answered is retried: an answer of any status is
 * final.
 */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RETRY_DELAYS_MS = [500, 1500];

/** 128 random bits, hex. `crypto.getRandomValues` works over plain http too (`randomUUID` needs a secure context). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (options.file) headers['Content-Type'] = options.file.type || 'application/octet-stream';
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const retryDelays = STATE_CHANGING.has(method) ? RETRY_DELAYS_MS : [];
  if (retryDelays.length) headers['Idempotency-Key'] = newIdempotencyKey();

  let response: Response | undefined;
  for (let attempt = 0; response === undefined; attempt++) {
    try {
      response = await fetch(`/api${path}`, {
        method,
        credentials: 'same-origin',
        headers,
        // A Blob can be sent again: a retried upload sends the same bytes under the same key.
        body: options.file ?? (options.body === undefined ? null : JSON.stringify(options.body)),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      const delay = retryDelays[attempt];
      if (delay === undefined) throw new NetworkError(error);
      await pause(delay, options.signal);
    }
  }

  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null; // e.g. an HTML error page from a proxy
    }
  }

  if (!response.ok) {
    if (response.status === 401 && !options.skipUnauthorizedHandler) onUnauthorized();
    const body = isErrorBody(data) ? data : null;
    if (response.status === 403 && body?.code === 'AUTH_PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired();
    throw new ApiError(response.status, body);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, params?: QueryParams, signal?: AbortSignal) =>
    apiRequest<T>(params ? withQuery(path, params) : path, signal ? { signal } : {}),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/**
 * A binary GET (a QR image, a PDF): the body as a Blob, or the same ApiError as JSON calls when the server refuses, so
 * the page can show the server's message instead of a broken image or a JSON file saved as a PDF.
 */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  return (await apiDownload(path, signal)).blob();
}

/** A binary GET's response once it answered 2xx (headers and body still to read), else the server's ApiError. */
async function apiDownload(path: string, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      signal: signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      data = null; // not JSON (a proxy's HTML page)
    }
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, isErrorBody(data) ? data : null);
  }
  return response;
}

/** Hands a downloaded file to the browser under `fileName` (the object URL is freed once the download has started). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The UTF-8 file name of a Content-Disposition (RFC 8187 `filename*`), if it has one. */
function dispositionName(header: string | null): string | undefined {
  const encoded = header?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  return encoded ? decodeURIComponent(encoded) : undefined;
}

/**
 * Downloads a CSV export (`path` with `params`) under the name the server gives it (else `fallbackName`); a refusal
 * throws the server's ApiError, as any call does. `truncated`: the list had more rows than the file holds.
 */
export async function downloadCsv(
  path: string,
  params: QueryParams,
  fallbackName: string,
): Promise<{ rows: number; truncated: boolean }> {
  const response = await apiDownload(withQuery(path, params));
  saveBlob(await response.blob(), dispositionName(response.headers.get('content-disposition')) ?? fallbackName);
  return {
    rows: Number(response.headers.get('x-export-rows') ?? 0),
    truncated: response.headers.get('x-export-truncated') === 'true',
  };
}
