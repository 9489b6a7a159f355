import { graphql } from '../../gql';
import type { TargetEventsSubscription as TargetEventsData, TargetFilterInput } from '../../gql/graphql';
import type { ServiceError } from '../../common/errors';
import { useResumableSubscription } from '../../common/useResumableSubscription';
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

/** What the service will refuse again however often it is asked: a bad filter, or a viewer it does not let in. */
function refusesToFollow(errors: ServiceError[]): boolean {
  return errors.some((e) => ['INVALID_INPUT', 'INVALID_NAME', 'FORBIDDEN', 'UNAUTHORIZED'].includes(e.code));
}

/**
 * Follows `targetEvents` for a filter without missing or repeating an event, through
 * useResumableSubscription: after a reconnect or a passing failure (the service's buffer
 * overflowed, it restarted) it resumes after the last seq applied; one whose afterSeq the service
 * no longer knows starts fresh. A malformed filter or a refusal (FORBIDDEN, UNAUTHORIZED) is
 * reported, not retried. Returns the error to show, if any.
 */
export function useTargetEventStream(filter: TargetFilterInput, handlers: TargetEventHandlers): unknown {
  const filterKey = JSON.stringify(filter);
  const { error } = useResumableSubscription({
    document: TargetEventsSubscription,
    streamKey: filterKey,
    variables: (afterSeq) => ({ filter: Object.keys(filter).length > 0 ? filter : null, afterSeq }),
    apply: (data: TargetEventsData, lastSeq) => {
      const message = data.targetEvents;
      if (!message) {
        return lastSeq;
      }
      const accepted = acceptMessage(lastSeq, message);
      if (accepted.startsFresh) {
        handlers.onFreshStart();
      }
      if (accepted.events.length > 0) {
        handlers.onEvents(accepted.events);
      }
      return accepted.lastSeq;
    },
    isRefusal: refusesToFollow,
  });
  return error ?? null;
}
