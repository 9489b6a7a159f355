import { useEffect, useRef, useState } from 'react';
import { graphql } from '../../gql';
import type { RolloutProgressSubscription as RolloutProgressData } from '../../gql/graphql';
import type { ServiceError } from '../../common/errors';
import { useResumableSubscription } from '../../common/useResumableSubscription';
import { finishedStates, initialProgress, progressReducer, type ProgressEvent, type ProgressState } from './progressReducer';
import { keepLiveEvents } from './liveEvents';

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
  /** The run's own events and its invocations' completions, each seq once, oldest first, bounded. */
  liveEvents: ProgressEvent[];
  /** A refusal to follow (not found, forbidden): shown; the stream is not retried. */
  error: unknown;
  /** True while the subscription is open; it completes after the event that finishes the run. */
  following: boolean;
  /** Subscribes again from the last applied seq (after a control reopened a finished run, say). */
  restart: () => void;
}

/** What the service will refuse again however often it is asked. */
function refusesToFollow(errors: ServiceError[]): boolean {
  return errors.some(
    (e) =>
      e.code === 'ROLLOUT_NOT_FOUND' ||
      e.code === 'FORBIDDEN' ||
      e.code === 'UNAUTHORIZED' ||
      (e.code === 'INVALID_INPUT' && e.field === 'id'),
  );
}

/**
 * Follows `rolloutProgress` for one rollout through useResumableSubscription: after a reconnect
 * or a passing failure it resumes after the last seq the reducer applied; the service answers
 * with a fresh snapshot and the events after that seq, the reducer replaces its state with the
 * snapshot and ignores what it already has, so nothing is lost or doubled and the page never
 * needs a reload. The stream ends by itself after the run finishes; if it ends earlier (the
 * service went away), it is followed again.
 */
export function useRolloutProgress(id: string): LiveProgress {
  const [progress, setProgress] = useState<ProgressState>(initialProgress);
  const [liveEvents, setLiveEvents] = useState<ProgressEvent[]>([]);
  // The reducer runs here, not in a dispatch, so the stream knows at once which seq it applied.
  const applied = useRef<ProgressState>(initialProgress);

  const live = useResumableSubscription({
    document: RolloutProgressSubscription,
    streamKey: id,
    variables: (afterSeq) => ({ id, afterSeq }),
    apply: (data: RolloutProgressData) => {
      const message = data.rolloutProgress;
      if (message) {
        applied.current = progressReducer(applied.current, message);
        setProgress(applied.current);
        if (message.events.length > 0) {
          setLiveEvents((previous) => keepLiveEvents(previous, message.events));
        }
      }
      return applied.current.seq;
    },
    onFreshStart: () => {
      // The service's events were reset: its seqs start again, so what was kept by seq goes too.
      applied.current = initialProgress;
      setProgress(initialProgress);
      setLiveEvents([]);
    },
    isRefusal: refusesToFollow,
    resumeAfterEnd: () => !finishedStates.has(applied.current.run?.state ?? ''),
  });
  const { restart } = live;

  // A gap, or invocations added without events of their own: ask again for a fresh snapshot.
  useEffect(() => {
    if (progress.needsSnapshot) {
      restart();
    }
  }, [progress.needsSnapshot, restart]);

  return { progress, liveEvents, error: live.error, following: live.following, restart };
}
