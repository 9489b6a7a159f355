import type { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import { createCache } from '../../app/apollo';
import { serviceErrors } from '../../common/errors';
import { noCounts } from './progress';
import { useRolloutProgress } from './useRolloutProgress';
import { liveSocket } from '../../testing/liveSocket';

vi.mock('../../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/apollo')>()),
  subscribeLiveState: (await import('../../testing/liveSocket')).liveSocket.subscribe,
}));
const socket = liveSocket;

interface Stream {
  variables: Record<string, unknown>;
  send: (message: unknown) => void;
  /** The service's error message (rolloutProgress null and the error), then the end of the stream, as it sends them. */
  fail: (code: string, field?: string) => void;
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
          fail: (code, field) => {
            observer.next({ data: { rolloutProgress: null }, errors: [{ message: `refused: ${code}`, extensions: { code, field } }] });
            observer.complete();
          },
          end: () => observer.complete(),
          closed: false,
        };
        streams.push(stream);
        return () => {
          stream.closed = true;
        };
      }),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  const wrapper = ({ children }: { children: ReactNode }) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  /** The subscriptions still open: StrictMode opens and drops one at mount. */
  const open = () => streams.filter((stream) => !stream.closed);
  /** The one open subscription (the test fails if there is not exactly one). */
  const current = () => {
    const [only, ...others] = open();
    expect(others).toHaveLength(0);
    return only!;
  };
  return { streams, open, current, wrapper };
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

const strict = { reactStrictMode: true };

describe('following a rollout live', () => {
  it('subscribes again after a reconnect from the last applied seq, counting nothing twice', async () => {
    const { open, current, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    const first = current();
    expect(first.variables).toEqual({ id: 'r1', afterSeq: null });

    act(() => {
      first.send(snapshot(4, { total: 3, inProgress: 3 }));
      first.send(succeeded(5));
    });
    await waitFor(() => expect(result.current.progress.seq).toBe(5));
    expect(result.current.progress.counts).toMatchObject({ success: 1, inProgress: 2 });

    // The service restarts: the socket drops (graphql-ws would re-send the old afterSeq) and comes back.
    act(() => socket.emit('reconnecting'));
    expect(first.closed).toBe(true);
    expect(open()).toHaveLength(0);
    act(() => socket.emit('connected'));
    await waitFor(() => expect(open()).toHaveLength(1));
    const second = current();
    expect(second.variables).toEqual({ id: 'r1', afterSeq: 5 });

    // Event 6 happened while the page was away: the new snapshot has it, and the replayed event is ignored.
    act(() => {
      second.send(snapshot(6, { total: 3, success: 2, inProgress: 1 }));
      second.send(succeeded(6));
      second.send(succeeded(7));
    });
    await waitFor(() => expect(result.current.progress.seq).toBe(7));
    expect(result.current.progress.counts).toMatchObject({ success: 3, inProgress: 0 });
    expect(result.current.liveEvents.map((e) => e.seq)).toEqual([5, 6, 7]);
  });

  it('drops the subscription while the socket is stopped and resumes from the last seq once connected', async () => {
    const { open, current, wrapper } = fakeService();
    renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    act(() => current().send(snapshot(4, { total: 3, inProgress: 3 })));
    act(() => socket.emit('stopped'));
    expect(open()).toHaveLength(0);
    act(() => socket.emit('connected'));
    await waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables).toEqual({ id: 'r1', afterSeq: 4 });
  });

  it('follows again from the last seq when the service ends the stream of an unfinished run', async () => {
    const { open, current, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    act(() => {
      current().send(snapshot(4, { total: 3, inProgress: 3 }));
      current().end();
    });
    await waitFor(() => expect(result.current.following).toBe(false));
    await waitFor(() => expect(open()).toHaveLength(1), { timeout: 5000 });
    expect(current().variables).toEqual({ id: 'r1', afterSeq: 4 });
  }, 20_000);

  it.each(['INTERNAL', 'SUBSCRIBER_BUFFER'])('retries after a %s error from the last seq, showing no error', async (code) => {
    const { open, current, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    act(() => {
      current().send(snapshot(4, { total: 3, inProgress: 3 }));
      current().send(succeeded(5));
    });
    act(() => current().fail(code));
    expect(open()).toHaveLength(0);
    await waitFor(() => expect(open()).toHaveLength(1), { timeout: 5000 });
    expect(current().variables).toEqual({ id: 'r1', afterSeq: 5 });
    expect(result.current.error).toBeUndefined();
  }, 20_000);

  it('starts fresh, without afterSeq, when the service refuses the seq it was asked to resume after', async () => {
    const { open, current, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    act(() => {
      current().send(snapshot(40, { total: 3, inProgress: 3 }));
      current().send(succeeded(41));
    });
    act(() => socket.emit('reconnecting'));
    act(() => socket.emit('connected'));
    await waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables).toEqual({ id: 'r1', afterSeq: 41 });

    // The service's events were reset: seq 41 is beyond its newest.
    act(() => current().fail('INVALID_INPUT', 'afterSeq'));
    await waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables).toEqual({ id: 'r1', afterSeq: null });
    expect(result.current.progress.seq).toBeNull();
    expect(result.current.error).toBeUndefined();
    act(() => {
      current().send(snapshot(3, { total: 3, inProgress: 3 }));
      current().send(succeeded(4));
    });
    await waitFor(() => expect(result.current.progress.seq).toBe(4));
    // The new seqs are lower than the old ones: the live events start again with them.
    expect(result.current.liveEvents.map((e) => e.seq)).toEqual([4]);
  });

  it.each([
    ['FORBIDDEN', undefined],
    ['ROLLOUT_NOT_FOUND', undefined],
    ['INVALID_INPUT', 'id'],
  ])('shows a %s refusal and does not ask again', async (code, field) => {
    const { streams, open, current, wrapper } = fakeService();
    const { result } = renderHook(() => useRolloutProgress('r1'), { wrapper, ...strict });
    await waitFor(() => expect(open()).toHaveLength(1));
    const opened = streams.length;
    act(() => current().fail(code, field));
    await waitFor(() => expect(result.current.error).toBeDefined());
    expect(serviceErrors(result.current.error)).toEqual([expect.objectContaining({ code, field: field ?? null })]);
    expect(result.current.following).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(streams).toHaveLength(opened);
  }, 20_000);
});
