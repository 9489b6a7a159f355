import type { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ApolloClient, ApolloLink, type TypedDocumentNode } from '@apollo/client';
import { parse } from 'graphql';
import { ApolloProvider } from '@apollo/client/react';
import { Observable, type Observer } from 'rxjs';
import { createCache } from '../app/apollo';
import { useResumableSubscription } from './useResumableSubscription';
import { liveSocket } from '../testing/liveSocket';

vi.mock('../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../app/apollo')>()),
  subscribeLiveState: (await import('../testing/liveSocket')).liveSocket.subscribe,
}));
const socket = liveSocket;

interface Ticks {
  ticks: { seq: number } | null;
}
// Not in the service's schema: parsed here, out of codegen's sight, as any stream of seq-numbered messages.
const TicksSubscription = parse(
  'subscription Ticks($stream: String!, $afterSeq: Int) { ticks(stream: $stream, afterSeq: $afterSeq) { seq } }',
) as TypedDocumentNode<Ticks, { stream: string; afterSeq: number | null }>;

interface Opened {
  variables: Record<string, unknown>;
  observer: Observer<ApolloLink.Result>;
  closed: boolean;
}

function setup(streamKey = 'a') {
  const opened: Opened[] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        const entry: Opened = { variables: operation.variables, observer, closed: false };
        opened.push(entry);
        return () => {
          entry.closed = true;
        };
      }),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  const wrapper = ({ children }: { children: ReactNode }) => <ApolloProvider client={client}>{children}</ApolloProvider>;
  const applied: number[] = [];
  const hook = renderHook(
    ({ stream }: { stream: string }) =>
      useResumableSubscription({
        document: TicksSubscription,
        streamKey: stream,
        variables: (afterSeq) => ({ stream, afterSeq }),
        apply: (data, lastSeq) => {
          const seq = data.ticks?.seq ?? lastSeq;
          if (seq !== null) {
            applied.push(seq);
          }
          return seq;
        },
        isRefusal: (errors) => errors.some((e) => e.code === 'FORBIDDEN'),
      }),
    { wrapper, reactStrictMode: true, initialProps: { stream: streamKey } },
  );
  const open = () => opened.filter((entry) => !entry.closed);
  const current = () => {
    expect(open()).toHaveLength(1);
    return open()[0]!;
  };
  const tick = (seq: number) => act(() => current().observer.next({ data: { ticks: { __typename: 'Tick', seq } } }));
  return { opened, open, current, tick, applied, hook };
}

describe('a resumable subscription', () => {
  it('keeps exactly one subscription open under StrictMode and applies its messages', async () => {
    const { open, current, tick, applied, hook } = setup();
    await waitFor(() => expect(open()).toHaveLength(1));
    expect(current().variables).toEqual({ stream: 'a', afterSeq: null });
    tick(1);
    tick(2);
    expect(applied).toEqual([1, 2]);
    expect(hook.result.current.following).toBe(true);
    hook.unmount();
    expect(open()).toHaveLength(0);
  });

  it('restarts from the last applied seq, dropping the old subscription', async () => {
    const { open, current, tick, hook } = setup();
    await waitFor(() => expect(open()).toHaveLength(1));
    tick(7);
    const before = current();
    act(() => hook.result.current.restart());
    expect(before.closed).toBe(true);
    expect(current().variables).toEqual({ stream: 'a', afterSeq: 7 });
  });

  it('resumes after a socket reconnect from the last seq, not from the variables it first had', async () => {
    const { open, current, tick } = setup();
    await waitFor(() => expect(open()).toHaveLength(1));
    tick(3);
    act(() => socket.emit('reconnecting'));
    expect(open()).toHaveLength(0);
    act(() => socket.emit('connected'));
    expect(current().variables).toEqual({ stream: 'a', afterSeq: 3 });
  });

  it('starts another stream fresh', async () => {
    const { open, current, tick, hook } = setup();
    await waitFor(() => expect(open()).toHaveLength(1));
    tick(3);
    hook.rerender({ stream: 'b' });
    await waitFor(() => expect(current().variables).toEqual({ stream: 'b', afterSeq: null }));
  });

  it('reports a refusal, stops, and follows again when restarted', async () => {
    const { open, current, hook } = setup();
    await waitFor(() => expect(open()).toHaveLength(1));
    const refused = current();
    act(() => {
      refused.observer.next({ data: { ticks: null }, errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] });
      refused.observer.complete();
    });
    expect(open()).toHaveLength(0);
    expect(hook.result.current.error).toBeDefined();
    expect(hook.result.current.following).toBe(false);
    act(() => hook.result.current.restart());
    expect(open()).toHaveLength(1);
    expect(hook.result.current.error).toBeUndefined();
  });
});
