import { formatBytes, formatDuration } from './format';

describe('formatBytes', () => {
  it('keeps bytes below one KiB exact and uses IEC units above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
  });

  it('shows a dash for an unknown size', () => {
    expect(formatBytes(null)).toBe('–');
  });
});

describe('formatDuration', () => {
  it('names hours, minutes and seconds only as far as needed', () => {
    expect(formatDuration(6)).toBe('6s');
    expect(formatDuration(245)).toBe('4m 5s');
    expect(formatDuration(3723)).toBe('1h 2m 3s');
  });
});
