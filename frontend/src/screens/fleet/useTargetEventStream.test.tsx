import type { ReactNode } from 'react';
import { configure, act, renderHook } from '@testing-library/react';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable, Subject } from 'rxjs';
import { createCache } from '../../app/apollo';
import { serviceErrors } from '../../common/errors';
import { useTargetEventStream } from './useTargetEventStream';

// findBy* and waitFor wait longer than the default second: the test machine is shared and slow.
configure({ asyncUtilTimeout: 5000 });

type LiveListener = (state: 'connecting' | 'connected' | 'reconnecting' | 'stopped') => void;
const live = vi.hoisted(() => ({ listeners: new Set<(state: 'connecting' | 'connected' | 'reconnecting' | 'stopped') => void>() }));
vi.mock('../../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/apollo')>()),
  subscribeLiveState: (listener: LiveListener) => {
    live.listeners.add(listener);
    listener('connected');
    return () => live.listeners.delete(listener);
  },
}));
const socket = (state: 'connected' | 'reconnecting' | 'stopped') => act(() => live.listeners.forEach((l) => l(state)));

/** Each subscription the hook opens: the variables it sent, and a way to push messages down it. */
interface Opened {
  variables: Record<string, unknown>;
  messages: Subject<ApolloLink.Result>;
  closed: boolean;
}

function setup() {
  const opened: Opened[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        const entry: Opened = { variables: operation.variables, messages: new Subject(), closed: false };
        opened.push(entry);
        const sub = entry.messages.subscribe(observer);
        return () => {
          entry.closed = true;
          sub.unsubscribe();
        };
      }),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  const wrapper = ({ children }: { children: ReactNode }) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  const onFreshStart = vi.fn();
  const received: number[] = [];
  const onEvents = vi.fn((events: { seq: number }[]) => received.push(...events.map((e) => e.seq)));
  // StrictMode runs the effect twice: the first subscription is opened and dropped at once.
  const hook = renderHook(() => useTargetEventStream({ tags: ['env=prod'] }, { onFreshStart, onEvents }), { wrapper, reactStrictMode: true });
  const open = () => opened.filter((entry) => !entry.closed);
  /** The one subscription open now. */
  const current = () => {
    expect(open()).toHaveLength(1);
    return open()[0]!;
  };
  return { opened, open, current, onFreshStart, received, hook };
}

const target = {
  __typename: 'TargetState', name: 'web-1', platform: 'ubuntu', platformVersion: '22.04', arch: 'x86_64',
  account: 'a', region: 'r', online: true, tags: [], installed: [],
};
const snapshot = (eventSeq: number) => ({
  data: { targetEvents: { __typename: 'TargetEventsMessage', seq: eventSeq, snapshot: { __typename: 'TargetEventsSnapshot', eventSeq, matchingTargets: 1 }, events: [] } },
});
const events = (...seqs: number[]) => ({
  data: {
    targetEvents: {
      __typename: 'TargetEventsMessage',
      seq: seqs[seqs.length - 1]!,
      snapshot: null,
      events: seqs.map((seq) => ({
        __typename: 'TargetEvent', seq, at: '2026-12-01T20:00:00Z', type: 'TARGET_ONLINE', instanceId: 'mi-1', details: '{}', target,
      })),
    },
  },
});

const refusal = (code: string, field?: string) => ({
  data: { targetEvents: null },
  errors: [{ message: `refused: ${code}`, extensions: { code, field } }],
});

describe('useTargetEventStream', () => {
  beforeEach(() => live.listeners.clear());

  it('starts without afterSeq, asks for a fresh list at the snapshot, then passes the events on', async () => {
    const { open, current, onFreshStart, received } = setup();
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables).toEqual({ filter: { tags: ['env=prod'] }, afterSeq: null });
    act(() => current().messages.next(snapshot(10)));
    expect(onFreshStart).toHaveBeenCalledTimes(1);
    act(() => current().messages.next(events(11, 12)));
    expect(received).toEqual([11, 12]);
  });

  it.each(['reconnecting', 'stopped'] as const)('drops the subscription while the socket is %s, then subscribes again from the last seq', async (down) => {
    const { opened, open, current, onFreshStart, received } = setup();
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    const first = current();
    act(() => first.messages.next(snapshot(10)));
    act(() => first.messages.next(events(11)));
    socket(down);
    expect(first.closed).toBe(true);
    expect(open()).toHaveLength(0);
    socket('connected');
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    const second = current();
    expect(second).not.toBe(first);
    expect(second.variables).toEqual({ filter: { tags: ['env=prod'] }, afterSeq: 11 });
    act(() => second.messages.next(snapshot(20)));
    act(() => second.messages.next(events(11, 12, 13)));
    expect(received).toEqual([11, 12, 13]);
    expect(onFreshStart).toHaveBeenCalledTimes(1);
    expect(opened.indexOf(second)).toBe(opened.length - 1);
  });

  it('resumes from the last seq after the stream ends in an error', async () => {
    vi.useFakeTimers();
    try {
      const { open, current } = setup();
      await vi.waitFor(() => expect(open()).toHaveLength(1));
      act(() => current().messages.next(snapshot(10)));
      act(() => current().messages.next(events(14)));
      act(() => current().messages.next(refusal('INTERNAL')));
      expect(open()).toHaveLength(0);
      await act(() => vi.advanceTimersByTimeAsync(2500));
      expect(current().variables.afterSeq).toBe(14);
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts fresh when the service no longer knows the seq it was asked to resume after', async () => {
    const { open, current, onFreshStart, hook } = setup();
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    act(() => current().messages.next(snapshot(10)));
    socket('reconnecting');
    socket('connected');
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables.afterSeq).toBe(10);
    act(() => current().messages.next(refusal('INVALID_INPUT', 'afterSeq')));
    await vi.waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables.afterSeq).toBeNull();
    act(() => current().messages.next(snapshot(3)));
    expect(onFreshStart).toHaveBeenCalledTimes(2);
    expect(hook.result.current).toBeNull();
  });

  it.each([
    ['INVALID_INPUT', 'filter.tags'],
    ['FORBIDDEN', undefined],
    ['UNAUTHORIZED', undefined],
  ])('reports %s instead of retrying', async (code, field) => {
    vi.useFakeTimers();
    try {
      const { opened, open, current, hook } = setup();
      await vi.waitFor(() => expect(open()).toHaveLength(1));
      act(() => current().messages.next(refusal(code, field)));
      expect(serviceErrors(hook.result.current)).toEqual([{ code, message: `refused: ${code}`, field: field ?? null, jsonPath: null }]);
      expect(open()).toHaveLength(0);
      const count = opened.length;
      await act(() => vi.advanceTimersByTimeAsync(10_000));
      expect(opened).toHaveLength(count);
    } finally {
      vi.useRealTimers();
    }
  });
});
