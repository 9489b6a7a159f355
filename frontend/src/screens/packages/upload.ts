/**
 * Sending a file's bytes straight to the artifact store (S3) through the presigned request the
 * service hands out (`requestArtifactUpload`), with progress for a determinate progress bar.
 * XMLHttpRequest rather than fetch: only XHR reports upload progress (`upload.onprogress`).
 */

/** Where and how to send the bytes: exactly the method, URL and headers the service signed. */
export interface PresignedUpload {
  url: string;
  method: string;
  headers: ReadonlyArray<{ name: string; value: string }>;
}

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0-100, rounded down, so 100 means every byte was sent. */
  percent: number;
}

/** The part of XMLHttpRequest the upload uses, so a test can hand in a fake. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

/** Percent of `total` that `loaded` is: 0-100, rounded down; 0 while the total is unknown. */
export function uploadPercent(loaded: number, total: number): number {
  if (!(total > 0)) {
    return 0;
  }
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

/**
 * Headers a browser sets itself and refuses from scripts. The service's presigned request lists
 * `host` and `content-length` among its signed headers; the browser sends the same values on its
 * own (the URL's host, the body's size), and trying to set them logs a console error.
 */
const setByBrowser = new Set(['host', 'content-length', 'connection', 'expect', 'transfer-encoding']);

export function headersToSend(headers: PresignedUpload['headers']): Array<{ name: string; value: string }> {
  return headers.filter((h) => !setByBrowser.has(h.name.toLowerCase()));
}

export class UploadError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * PUTs (or whatever method the ticket says) `file` to the presigned URL with every signed header,
 * reporting progress; resolves when the store answered 2xx. `signal` aborts the transfer.
 */
export function sendFile(
  ticket: PresignedUpload,
  file: Blob,
  onProgress: (progress: UploadProgress) => void,
  options: { signal?: AbortSignal; createXhr?: () => XhrLike } = {},
): Promise<void> {
  const xhr = options.createXhr ? options.createXhr() : (new XMLHttpRequest() as unknown as XhrLike);
  const headers = headersToSend(ticket.headers);
  // Without a Content-Type of its own the browser would send the file's type (e.g. for a .deb),
  // which the signature does not cover; a slice without a type (no copy) sends none.
  const hasContentType = headers.some((h) => h.name.toLowerCase() === 'content-type');
  const body = hasContentType ? file : file.slice(0, file.size);
  return new Promise<void>((resolve, reject) => {
    xhr.open(ticket.method, ticket.url);
    headers.forEach((h) => xhr.setRequestHeader(h.name, h.value));
    xhr.upload.onprogress = (event) => {
      const total = event.lengthComputable ? event.total : file.size;
      onProgress({ loaded: event.loaded, total, percent: uploadPercent(event.loaded, total) });
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress({ loaded: file.size, total: file.size, percent: 100 });
        resolve();
      } else {
        reject(new UploadError(`The artifact store refused the upload: HTTP ${xhr.status} ${xhr.statusText}`.trim(), xhr.status));
      }
    };
    xhr.onerror = () => reject(new UploadError('The upload failed: the artifact store could not be reached.', 0));
    xhr.onabort = () => reject(new UploadError('The upload was cancelled.', 0));
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/**
 * The file's sha256 as 64 lower-case hex digits. crypto.subtle has no streaming digest, so this
 * reads the whole file into memory: fine for installers and zips of a few hundred MiB, which is
 * what the artifact store's size limit allows.
 */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await (typeof file.arrayBuffer === 'function' ? file.arrayBuffer() : readBytes(file)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** FileReader where Blob.arrayBuffer() is missing (older engines). */
function readBytes(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(file);
  });
}
