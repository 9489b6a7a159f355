import { useEffect, useState } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { ProgressEvent } from './progressReducer';

export const RolloutEventsQuery = graphql(`
  query RolloutEvents($id: String!, $afterSeq: Int!, $first: Int!) {
    rollout(id: $id) {
      id
      events(afterSeq: $afterSeq, first: $first) {
        ...ProgressEventFields
      }
    }
  }
`);

/** The service's largest page of events (RolloutReads.MAX_EVENTS). */
const pageSize = 1000;
/** Enough for a 30,000-host run's completions; the chart is a picture, not an audit. */
const maxPages = 100;

/**
 * The run's past invocation completions, read once when the page opens, so a page opened late
 * still charts the whole run. Only the events the chart draws are kept.
 */
export function useRolloutHistory(id: string): { history: ProgressEvent[]; error: unknown } {
  const client = useApolloClient();
  const [history, setHistory] = useState<ProgressEvent[]>([]);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const kept: ProgressEvent[] = [];
      let afterSeq = 0;
      for (let page = 0; page < maxPages && !cancelled; page += 1) {
        const { data, error: failure } = await client.query({
          query: RolloutEventsQuery,
          variables: { id, afterSeq, first: pageSize },
          fetchPolicy: 'no-cache',
        });
        if (failure) {
          throw failure;
        }
        const events = data?.rollout?.events ?? [];
        kept.push(...events.filter((e) => e.type === 'INVOCATION' && ['SUCCESS', 'FAILED', 'TIMED_OUT'].includes(e.status ?? '')));
        const last = events[events.length - 1];
        if (!last || events.length < pageSize) {
          break;
        }
        afterSeq = last.seq;
      }
      if (!cancelled) {
        setHistory(kept);
      }
    })().catch((e: unknown) => {
      if (!cancelled) {
        setError(e);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [client, id]);

  return { history, error };
}
