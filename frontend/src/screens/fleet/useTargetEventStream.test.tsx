import type { ReactNode } from 'react';
import { configure, act, renderHook } from '@testing-library/react';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable, Subject } from 'rxjs';
import { useTargetEventStream } from './useTargetEventStream';

// findBy* and waitFor wait longer than the default second: the test machine is shared and slow.
configure({ asyncUtilTimeout: 5000 });

type LiveListener = (state: 'connecting' | 'connected' | 'reconnecting') => void;
const live = vi.hoisted(() => ({ listeners: new Set<(state: 'connecting' | 'connected' | 'reconnecting') => void>() }));
vi.mock('../../app/apollo', () => ({
  subscribeLiveState: (listener: LiveListener) => {
    live.listeners.add(listener);
    listener('connected');
    return () => live.listeners.delete(listener);
  },
}));
const socket = (state: 'connected' | 'reconnecting') => act(() => live.listeners.forEach((l) => l(state)));

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
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const wrapper = ({ children }: { children: ReactNode }) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  const onFreshStart = vi.fn();
  const received: number[] = [];
  const onEvents = vi.fn((events: { seq: number }[]) => received.push(...events.map((e) => e.seq)));
  const hook = renderHook(() => useTargetEventStream({ tags: ['env=prod'] }, { onFreshStart, onEvents }), { wrapper });
  return { opened, onFreshStart, received, hook };
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

describe('useTargetEventStream', () => {
  beforeEach(() => live.listeners.clear());

  it('starts without afterSeq, asks for a fresh list at the snapshot, then passes the events on', async () => {
    const { opened, onFreshStart, received } = setup();
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]!.variables).toEqual({ filter: { tags: ['env=prod'] }, afterSeq: null });
    act(() => opened[0]!.messages.next(snapshot(10)));
    expect(onFreshStart).toHaveBeenCalledTimes(1);
    act(() => opened[0]!.messages.next(events(11, 12)));
    expect(received).toEqual([11, 12]);
  });

  it('after the socket comes back, subscribes again from the last seq and ignores the old subscription', async () => {
    const { opened, onFreshStart, received } = setup();
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    act(() => opened[0]!.messages.next(snapshot(10)));
    act(() => opened[0]!.messages.next(events(11)));
    socket('reconnecting');
    expect(opened[0]!.closed).toBe(true);
    socket('connected');
    await vi.waitFor(() => expect(opened).toHaveLength(2));
    expect(opened[1]!.variables).toEqual({ filter: { tags: ['env=prod'] }, afterSeq: 11 });
    act(() => opened[1]!.messages.next(snapshot(20)));
    act(() => opened[1]!.messages.next(events(11, 12, 13)));
    expect(received).toEqual([11, 12, 13]);
    expect(onFreshStart).toHaveBeenCalledTimes(1);
  });

  it('resumes from the last seq after the stream ends in an error', async () => {
    vi.useFakeTimers();
    try {
      const { opened } = setup();
      await vi.waitFor(() => expect(opened).toHaveLength(1));
      act(() => opened[0]!.messages.next(snapshot(10)));
      act(() => opened[0]!.messages.next(events(14)));
      act(() =>
        opened[0]!.messages.next({
          data: { targetEvents: null },
          errors: [{ message: 'too slow', extensions: { code: 'INTERNAL' } }],
        }),
      );
      await act(() => vi.advanceTimersByTimeAsync(2500));
      expect(opened).toHaveLength(2);
      expect(opened[1]!.variables.afterSeq).toBe(14);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a malformed filter instead of retrying', async () => {
    const { opened, hook } = setup();
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    act(() =>
      opened[0]!.messages.next({
        data: { targetEvents: null },
        errors: [{ message: 'bad tag', extensions: { code: 'INVALID_INPUT', field: 'filter.tags' } }],
      }),
    );
    expect(hook.result.current).toBeTruthy();
    expect(opened[0]!.closed).toBe(true);
  });
});
