import type { FleetEvent } from './applyTargetEvents';

/** One `targetEvents` message, as far as resuming needs it. */
export interface EventsMessage {
  seq: number;
  snapshot: { eventSeq: number } | null | undefined;
  events: FleetEvent[];
}

/** What a message means to a subscriber that has applied everything up to `lastSeq` (null: nothing yet). */
export interface Accepted {
  lastSeq: number | null;
  /** The events not applied yet, oldest first. */
  events: FleetEvent[];
  /** True for the snapshot that starts a fresh stream: the list must be read again, then these events applied. */
  startsFresh: boolean;
}

/**
 * Follows the stream's position. A fresh stream's snapshot marks where the events start; a
 * resumed stream (subscribed with afterSeq = lastSeq) opens with a snapshot too, whose eventSeq
 * must not move the position, or the events between would be skipped. Events at or before the
 * position were applied already (a duplicate delivery after a reconnect) and are dropped.
 */
export function acceptMessage(lastSeq: number | null, message: EventsMessage): Accepted {
  if (message.snapshot) {
    return lastSeq === null
      ? { lastSeq: message.snapshot.eventSeq, events: [], startsFresh: true }
      : { lastSeq, events: [], startsFresh: false };
  }
  const events = message.events.filter((event) => lastSeq === null || event.seq > lastSeq);
  const newest = events.reduce((max, event) => Math.max(max, event.seq), lastSeq ?? 0);
  return { lastSeq: events.length > 0 ? newest : lastSeq, events, startsFresh: false };
}
