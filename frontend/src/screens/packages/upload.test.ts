import { headersToSend, sendFile, uploadPercent, type UploadProgress, type XhrLike } from './upload';

/** A stand-in XMLHttpRequest that records what was sent and lets the test play the network. */
class FakeXhr implements XhrLike {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: Blob | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  upload: XhrLike['upload'] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: Blob) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, statusText = '') {
    this.status = status;
    this.statusText = statusText;
    this.onload?.();
  }
}

const ticket = {
  url: 'https://bucket.s3.example/staging/sha256/ab?X-Amz-Signature=1',
  method: 'PUT',
  headers: [
    { name: 'host', value: 'bucket.s3.example' },
    { name: 'content-length', value: '10' },
    { name: 'x-amz-checksum-sha256', value: 'q83v' },
  ],
};

describe('uploadPercent', () => {
  it('rounds down, so 100% means every byte went', () => {
    expect(uploadPercent(0, 10)).toBe(0);
    expect(uploadPercent(1, 3)).toBe(33);
    expect(uploadPercent(999, 1000)).toBe(99);
    expect(uploadPercent(1000, 1000)).toBe(100);
  });

  it('stays within 0-100 and is 0 while the total is unknown', () => {
    expect(uploadPercent(5, 0)).toBe(0);
    expect(uploadPercent(20, 10)).toBe(100);
    expect(uploadPercent(-1, 10)).toBe(0);
  });
});

describe('headersToSend', () => {
  it('leaves out the headers the browser sets itself and keeps every other signed header', () => {
    expect(headersToSend(ticket.headers)).toEqual([{ name: 'x-amz-checksum-sha256', value: 'q83v' }]);
  });
});

describe('sendFile', () => {
  it('sends the file with the signed method, URL and headers and reports progress up to 100', async () => {
    const xhr = new FakeXhr();
    const seen: UploadProgress[] = [];
    const file = new File(['0123456789'], 'hello.deb', { type: 'application/vnd.debian.binary-package' });
    const done = sendFile(ticket, file, (p) => seen.push(p), { createXhr: () => xhr });
    expect(xhr.method).toBe('PUT');
    expect(xhr.url).toBe(ticket.url);
    expect(xhr.headers).toEqual({ 'x-amz-checksum-sha256': 'q83v' });
    expect(xhr.body?.size).toBe(10);
    // The file's own type is not signed, so the body carries none.
    expect(xhr.body?.type).toBe('');
    xhr.progress(4, 10);
    xhr.answer(200);
    await done;
    expect(seen.map((p) => p.percent)).toEqual([40, 100]);
  });

  it('fails with the store\'s status when it refuses the bytes', async () => {
    const xhr = new FakeXhr();
    const done = sendFile(ticket, new Blob(['x']), () => {}, { createXhr: () => xhr });
    xhr.answer(403, 'Forbidden');
    await expect(done).rejects.toMatchObject({ status: 403, message: expect.stringContaining('HTTP 403') });
  });

  it('aborts the transfer when the signal fires', async () => {
    const xhr = new FakeXhr();
    const controller = new AbortController();
    const done = sendFile(ticket, new Blob(['x']), () => {}, { createXhr: () => xhr, signal: controller.signal });
    controller.abort();
    await expect(done).rejects.toThrow('cancelled');
    expect(xhr.aborted).toBe(true);
  });
});
