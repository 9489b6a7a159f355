// @vitest-environment node
// Node's Blob and WebCrypto share one realm; happy-dom's Blob would not satisfy crypto.subtle.
import { sha256Hex } from './upload';

describe('sha256Hex', () => {
  it('is the hex digest of the bytes, as sha256sum prints it', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
