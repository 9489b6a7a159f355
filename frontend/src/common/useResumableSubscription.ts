import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { subscribeLiveState } from '../app/apollo';
import { serviceErrors, type ServiceError } from './errors';

/** How long a stream that failed for a passing reason (buffer overflow, shutdown, network) waits before resuming. */
export const RETRY_MS = 2000;

export interface ResumableStream<TData, TVariables extends OperationVariables> {
  document: TypedDocumentNode<TData, TVariables>;
  /** The variables of a subscription resuming after `afterSeq`; null asks the service for a fresh start. */
  variables: (afterSeq: number | null) => TVariables;
  /** Another key is another stream (another rollout, another filter): it starts fresh. */
  streamKey: string;
  /** Applies one message to the screen's state; returns the seq applied up to now (null: nothing yet). */
  apply: (data: TData, lastSeq: number | null) => number | null;
  /** The service no longer knows the seq we resume from: forget what was applied, a fresh snapshot follows. */
  onFreshStart?: () => void;
  /** Errors the service will give again however often it is asked (not found, forbidden, a bad filter): shown, not retried. */
  isRefusal: (errors: ServiceError[]) => boolean;
  /** Asked when the stream ends without an error: whether to follow again from the last seq (default: yes). */
  resumeAfterEnd?: () => boolean;
}

export interface ResumableState {
  /** The refusal to show, if any. */
  error: unknown;
  /** True while a subscription is open. */
  following: boolean;
  /** Drops the current subscription and subscribes again from the last applied seq (also after a refusal). */
  restart: () => void;
}

/** Whether the service refused the seq we asked to resume after (its events were reset, or it is ahead of them). */
export function refusesAfterSeq(errors: ServiceError[]): boolean {
  return errors.some((e) => e.code === 'INVALID_INPUT' && e.field === 'afterSeq');
}

/**
 * Follows a stream of seq-numbered messages without missing or repeating one. graphql-ws
 * reconnects by itself but then re-sends a subscription with the variables it first had (an old
 * afterSeq: history replayed); so when the socket drops ('reconnecting' or 'stopped'), this drops
 * the subscription and, once 'connected' again, subscribes anew after the last applied seq. A
 * stream that fails for a passing reason resumes the same way after RETRY_MS; one whose afterSeq
 * the service refuses starts fresh; a refusal is reported and not retried. Apollo Client 4
 * delivers errors as values (`result.error`), then the service completes the stream.
 */
export function useResumableSubscription<TData, TVariables extends OperationVariables>(
  stream: ResumableStream<TData, TVariables>,
): ResumableState {
  const client = useApolloClient();
  const streamRef = useRef(stream);
  streamRef.current = stream;
  // The position survives effect re-runs (StrictMode runs effects twice) but not a change of stream.
  const position = useRef<{ key: string; lastSeq: number | null }>({ key: stream.streamKey, lastSeq: null });
  const restartRef = useRef<() => void>(() => undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [following, setFollowing] = useState(false);
  const { streamKey } = stream;

  useEffect(() => {
    if (position.current.key !== streamKey) {
      position.current = { key: streamKey, lastSeq: null };
    }
    let current: object | null = null;
    let unsubscribe = () => {};
    let retry: ReturnType<typeof setTimeout> | undefined;
    let socketDown = false;
    let disposed = false;

    const stop = () => {
      current = null;
      clearTimeout(retry);
      unsubscribe();
      unsubscribe = () => {};
    };

    const retryLater = () => {
      stop();
      setFollowing(false);
      retry = setTimeout(() => {
        if (!disposed && !socketDown) {
          start();
        }
      }, RETRY_MS);
    };

    const failed = (failure: unknown) => {
      const errors = serviceErrors(failure);
      if (refusesAfterSeq(errors)) {
        position.current.lastSeq = null;
        streamRef.current.onFreshStart?.();
        start();
      } else if (streamRef.current.isRefusal(errors)) {
        stop();
        setFollowing(false);
        setError(failure);
      } else {
        retryLater();
      }
    };

    function start() {
      stop();
      if (disposed) {
        return;
      }
      // Messages of a subscription this hook has moved on from are ignored.
      const mine = {};
      current = mine;
      setFollowing(true);
      setError(undefined);
      const subscription = client
        .subscribe<TData, TVariables>({
          query: streamRef.current.document,
          variables: streamRef.current.variables(position.current.lastSeq),
          fetchPolicy: 'no-cache',
          // A new subscription must open a new stream, never join one being torn down.
          context: { queryDeduplication: false },
        } as Parameters<typeof client.subscribe<TData, TVariables>>[0])
        .subscribe({
          next: (result) => {
            if (current !== mine) {
              return;
            }
            if (result.error) {
              failed(result.error);
              return;
            }
            if (result.data) {
              position.current.lastSeq = streamRef.current.apply(result.data as TData, position.current.lastSeq);
            }
          },
          error: (failure: unknown) => {
            if (current === mine) {
              failed(failure);
            }
          },
          complete: () => {
            if (current !== mine) {
              return;
            }
            if (streamRef.current.resumeAfterEnd?.() ?? true) {
              retryLater();
            } else {
              stop();
              setFollowing(false);
            }
          },
        });
      if (current === mine) {
        unsubscribe = () => subscription.unsubscribe();
      } else {
        // The stream failed synchronously and moved on already.
        subscription.unsubscribe();
      }
    }

    restartRef.current = () => {
      if (!disposed && !socketDown) {
        start();
      }
    };
    // Listen first: if the socket is down now, subscribing waits for it to come back.
    const stopWatching = subscribeLiveState((state) => {
      if ((state === 'reconnecting' || state === 'stopped') && !socketDown) {
        socketDown = true;
        stop();
        setFollowing(false);
      } else if (state === 'connected' && socketDown) {
        socketDown = false;
        start();
      }
    });
    if (!socketDown) {
      start();
    }
    return () => {
      disposed = true;
      stopWatching();
      stop();
    };
  }, [client, streamKey]);

  const restart = useCallback(() => restartRef.current(), []);
  return { error, following, restart };
}
