import { useEffect, useRef } from 'react';

/**
 * Calls `refresh` when `trigger` changes, at most once per `intervalMs`: a burst of events
 * (one engine pass finishing hundreds of invocations) refreshes once now and once at the end.
 */
export function useThrottledRefresh(trigger: unknown, refresh: () => void, intervalMs: number): void {
  const lastRun = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(refresh);
  const first = useRef(true);

  useEffect(() => {
    latest.current = refresh;
  });

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (timer.current !== undefined) {
      return;
    }
    const wait = Math.max(0, lastRun.current + intervalMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = undefined;
      lastRun.current = Date.now();
      latest.current();
    }, wait);
  }, [trigger, intervalMs]);

  useEffect(
    () => () => {
      if (timer.current !== undefined) {
        clearTimeout(timer.current);
        timer.current = undefined;
      }
    },
    [],
  );
}
