import type { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import type { LiveState } from '../../app/apollo';
import { noCounts } from './progress';
import { useRolloutProgress } from './useRolloutProgress';

// The socket's state, driven by the test as graphql-ws would drive it.
const socket = vi.hoisted(() => {
  const listeners = new Set<(state: LiveState) => void>();
  return {
    emit: (state: LiveState) => listeners.forEach((listener) => listener(state)),
    subscribe: (listener: (state: LiveState) => void) => {
      listeners.add(listener);
      listener('connected');
      return () => listeners.delete(listener);
    },
  };
});
vi.mock('../../app/apollo', () => ({ subscribeLiveState: socket.subscribe }));

interface Stream {
  variables: Record<string, unknown>;
  send: (message: unknown) => void;
  end: () => void;
  closed: boolean;
}

/** A link standing in for the service: each subscription is a stream the test writes to. */
function fakeService() {
  const streams: Stream[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const stream: Stream = {
          variables: operation.variables,
          send: (message) => observer.next({ data: { rolloutProgress: message } }),
          end: () => observer.complete(),
          closed: false,
        };
        streams.push(stream);
        return () => {
          stream.closed = true;
        };
      }),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache() });
  const wrapper = ({ children }: { children: ReactNode }) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  return { streams, wrapper };
}

const counts = (c: Partial<typeof noCounts>) => ({ __typename: 'InvocationCounts', ...noCounts, ...c });
function snapshot(seq: number, c: Partial<typeof noCounts>) {
  return {
    __typename: 'RolloutProgress',
    seq,
    snapshot: {
      __typename: 'RolloutSnapshot',
      rollout: { __typename: 'Rollout', id: 'r1', state: 'RUNNING', currentWave: 1, waitingFor: null, eventSeq: seq },
      counts: counts(c),
      waves: [],
    },
    events: [],
  };
}
function succeeded(seq: number) {
  return {
    __typename: 'RolloutProgress',
    seq,
    snapshot: null,
    events: [{
      __typename: 'RolloutEvent', seq, at: '2026-12-01T20:00:00Z', type: 'INVOCATION', status: 'SUCCESS',
      previousStatus: 'IN_PROGRESS', instanceId: `mi-${seq}`, invocationId: `i-${seq}`, wave: 1, details: '{}',
    }],
  };
}

describe('following a rollout live', () => {
  it('subscribes again after a reconnect from the last applied seq, counting nothing twice', async () => {
    const { streams, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper });
    await waitFor(() => expect(streams).toHaveLength(1));
    expect(streams[0]?.variables).toEqual({ id: 'r1', afterSeq: null });

    act(() => {
      streams[0]?.send(snapshot(4, { total: 3, inProgress: 3 }));
      streams[0]?.send(succeeded(5));
    });
    await waitFor(() => expect(result.current.progress.seq).toBe(5));
    expect(result.current.progress.counts).toMatchObject({ success: 1, inProgress: 2 });

    // The service restarts: the socket drops and comes back.
    act(() => socket.emit('reconnecting'));
    act(() => socket.emit('connected'));
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(streams[0]?.closed).toBe(true);
    expect(streams[1]?.variables).toEqual({ id: 'r1', afterSeq: 5 });

    // Event 6 happened while the page was away: the new snapshot has it, and the replayed event is ignored.
    act(() => {
      streams[1]?.send(snapshot(6, { total: 3, success: 2, inProgress: 1 }));
      streams[1]?.send(succeeded(6));
      streams[1]?.send(succeeded(7));
    });
    await waitFor(() => expect(result.current.progress.seq).toBe(7));
    expect(result.current.progress.counts).toMatchObject({ success: 3, inProgress: 0 });
    expect(result.current.liveEvents.map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('follows again from the last seq when the service ends the stream of an unfinished run', async () => {
    const { streams, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper });
    await waitFor(() => expect(streams).toHaveLength(1));
    act(() => {
      streams[0]?.send(snapshot(4, { total: 3, inProgress: 3 }));
      streams[0]?.end();
    });
    await waitFor(() => expect(result.current.following).toBe(false));
    await waitFor(() => expect(streams).toHaveLength(2), { timeout: 5000 });
    expect(streams[1]?.variables).toEqual({ id: 'r1', afterSeq: 4 });
  }, 20_000);
});
