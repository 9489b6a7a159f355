import { useEffect, useRef, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { TargetFilterInput } from '../../gql/graphql';
import { subscribeLiveState } from '../../app/apollo';
import { serviceErrors } from '../../common/errors';
import type { FleetEvent } from './applyTargetEvents';
import { acceptMessage } from './eventCursor';

export const TargetEventsSubscription = graphql(`
  subscription TargetEvents($filter: TargetFilterInput, $afterSeq: Int) {
    targetEvents(filter: $filter, afterSeq: $afterSeq) {
      seq
      snapshot {
        eventSeq
        matchingTargets
      }
      events {
        seq
        at
        type
        instanceId
        target {
          name
          platform
          platformVersion
          arch
          account
          region
          online
          tags {
            key
            value
          }
          installed {
            packageName
            version
            state
          }
        }
      }
    }
  }
`);

export interface TargetEventHandlers {
  /** A fresh stream began: read the list again, then apply what onEvents brings. */
  onFreshStart: () => void;
  onEvents: (events: FleetEvent[]) => void;
}

const RETRY_MS = 2000;

/**
 * Follows `targetEvents` for a filter without missing or repeating an event. graphql-ws reconnects
 * by itself but then re-sends the subscription as first sent, with its old afterSeq; so when the
 * socket drops, this drops that subscription and, once connected again, subscribes anew with
 * afterSeq = the last seq applied. A stream that ends in an error (the service's buffer overflowed,
 * the service restarted) is resumed the same way; one whose afterSeq the service no longer knows
 * starts fresh. A malformed filter is reported, not retried. Returns the error to show, if any.
 */
export function useTargetEventStream(filter: TargetFilterInput, handlers: TargetEventHandlers): unknown {
  const client = useApolloClient();
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const [error, setError] = useState<unknown>(null);
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const variablesFilter = JSON.parse(filterKey) as TargetFilterInput;
    let lastSeq: number | null = null;
    let current: { unsubscribe: () => void } | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let socketDown = false;
    let disposed = false;
    setError(null);

    const stop = () => {
      current?.unsubscribe();
      current = null;
      clearTimeout(retry);
    };

    const retryLater = () => {
      stop();
      retry = setTimeout(() => {
        if (!disposed && !socketDown) {
          start();
        }
      }, RETRY_MS);
    };

    const failed = (failure: unknown) => {
      const errors = serviceErrors(failure);
      if (errors.some((e) => e.field === 'afterSeq')) {
        // The service no longer knows where we were (its events were reset): start over from a fresh list.
        lastSeq = null;
        retryLater();
      } else if (errors.some((e) => e.code === 'INVALID_INPUT' || e.code === 'INVALID_NAME')) {
        stop();
        setError(failure);
      } else {
        retryLater();
      }
    };

    function start() {
      stop();
      // Messages of a subscription this hook has moved on from are ignored (see `current === mine`).
      const mine = { unsubscribe: () => {} };
      current = mine;
      const subscription = client
        .subscribe({
          query: TargetEventsSubscription,
          variables: { filter: Object.keys(variablesFilter).length > 0 ? variablesFilter : null, afterSeq: lastSeq },
          fetchPolicy: 'no-cache',
        })
        .subscribe({
          next: (result) => {
            if (current !== mine) {
              return;
            }
            const message = result.data?.targetEvents;
            if (result.error || !message) {
              failed(result.error ?? new Error('The fleet event stream ended'));
              return;
            }
            setError(null);
            const accepted = acceptMessage(lastSeq, message);
            lastSeq = accepted.lastSeq;
            if (accepted.startsFresh) {
              handlersRef.current.onFreshStart();
            }
            if (accepted.events.length > 0) {
              handlersRef.current.onEvents(accepted.events);
            }
          },
          error: (failure: unknown) => {
            if (current === mine) {
              failed(failure);
            }
          },
          complete: () => {
            if (current === mine) {
              retryLater();
            }
          },
        });
      mine.unsubscribe = () => subscription.unsubscribe();
      if (current !== mine) {
        subscription.unsubscribe();
      }
    }

    start();
    const stopWatching = subscribeLiveState((state) => {
      if (state === 'reconnecting' && !socketDown) {
        socketDown = true;
        stop();
      } else if (state === 'connected' && socketDown) {
        socketDown = false;
        start();
      }
    });
    return () => {
      disposed = true;
      stopWatching();
      stop();
    };
  }, [client, filterKey]);

  return error;
}
