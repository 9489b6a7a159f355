import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../gql';
import { subscribeLiveState } from '../../app/apollo';
import { finishedStates, initialProgress, progressReducer, type ProgressEvent, type ProgressState } from './progressReducer';

export const RolloutProgressSubscription = graphql(`
  subscription RolloutProgress($id: String!, $afterSeq: Int) {
    rolloutProgress(id: $id, afterSeq: $afterSeq) {
      seq
      snapshot {
        rollout {
          id
          state
          currentWave
          waitingFor
          eventSeq
        }
        counts {
          ...ProgressCounts
        }
        waves {
          number
          size
          state
          counts {
            ...ProgressCounts
          }
        }
      }
      events {
        ...ProgressEventFields
      }
    }
  }

  fragment ProgressCounts on InvocationCounts {
    total
    pending
    queued
    inProgress
    rebooting
    success
    failed
    timedOut
    cancelled
    skipped
  }

  fragment ProgressEventFields on RolloutEvent {
    seq
    at
    type
    status
    previousStatus
    instanceId
    invocationId
    wave
    details
  }
`);

export interface LiveProgress {
  progress: ProgressState;
  /** Every event the stream delivered, repeats included (consumers dedupe by seq). */
  liveEvents: ProgressEvent[];
  error: unknown;
  /** True while the subscription is open; it completes after the event that finishes the run. */
  following: boolean;
  /** Subscribes again from the last applied seq (after a control reopened a finished run, say). */
  restart: () => void;
}

/**
 * Follows `rolloutProgress` for one rollout. graphql-ws reconnects by itself and re-sends the
 * subscription with the variables it first had, which would replay from the original afterSeq; so
 * after every reconnect this hook drops that subscription and subscribes again with afterSeq = the
 * last seq the reducer applied. The service answers with a fresh snapshot and the events after
 * that seq; the reducer replaces its state with the snapshot and ignores what it already has, so a
 * restart of the service loses and doubles nothing. The page never needs a reload.
 */
export function useRolloutProgress(id: string): LiveProgress {
  const client = useApolloClient();
  const [progress, dispatch] = useReducer(progressReducer, initialProgress);
  const [liveEvents, setLiveEvents] = useState<ProgressEvent[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [following, setFollowing] = useState(false);
  const [generation, setGeneration] = useState(0);
  const lastSeq = useRef<number | null>(null);
  const restart = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    lastSeq.current = progress.seq;
  }, [progress.seq]);

  useEffect(() => {
    setError(undefined);
    setFollowing(true);
    // What this stream said of the run, to tell a run that finished from a stream a shutting-down service ended.
    let runState: string | null = null;
    let refused = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const subscription = client
      .subscribe({
        query: RolloutProgressSubscription,
        variables: { id, afterSeq: lastSeq.current },
        fetchPolicy: 'no-cache',
        // A new subscription must open a new stream, never join one being torn down.
        context: { queryDeduplication: false },
      })
      .subscribe({
        next: (result) => {
          if (result.error) {
            refused = true;
            setError(result.error);
            return;
          }
          const message = result.data?.rolloutProgress;
          if (!message) {
            return;
          }
          runState = message.snapshot?.rollout.state ?? runState;
          message.events.forEach((event) => {
            if (!event.instanceId && event.status) {
              runState = event.status;
            }
          });
          dispatch(message);
          if (message.events.length > 0) {
            setLiveEvents((previous) => [...previous, ...message.events]);
          }
        },
        error: (e: unknown) => {
          setError(e);
          setFollowing(false);
        },
        complete: () => {
          setFollowing(false);
          // The stream ends by itself only after the run finished; otherwise the service went away: follow again.
          if (!refused && runState !== null && !finishedStates.has(runState)) {
            retry = setTimeout(restart, 2000);
          }
        },
      });
    return () => {
      clearTimeout(retry);
      subscription.unsubscribe();
    };
  }, [client, id, generation, restart]);

  useEffect(() => {
    let lost = false;
    return subscribeLiveState((state) => {
      if (state === 'reconnecting') {
        lost = true;
      } else if (state === 'connected' && lost) {
        lost = false;
        restart();
      }
    });
  }, [restart]);

  // A gap, or invocations added without events of their own: ask again for a fresh snapshot.
  useEffect(() => {
    if (progress.needsSnapshot) {
      restart();
    }
  }, [progress.needsSnapshot, restart]);

  return { progress, liveEvents, error, following, restart };
}
