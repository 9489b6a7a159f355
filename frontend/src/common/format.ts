import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** `1536` → `1.5 KiB`; sizes are bytes (IEC units, as `ls -h`). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** An ISO-8601 instant as local date and time, `2026-12-01 19:56:53`. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '–';
}

/** An ISO-8601 instant relative to now: `3 minutes ago`. */
export function fromNow(iso: string | null | undefined): string {
  return iso ? dayjs(iso).fromNow() : 'never';
}

/** Seconds as `1h 2m 3s`, `4m 5s` or `6s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) {
    return `${h}h ${m}m ${rest}s`;
  }
  return m > 0 ? `${m}m ${rest}s` : `${rest}s`;
}
