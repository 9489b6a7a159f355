import type { FleetEvent } from './applyTargetEvents';
import { acceptMessage } from './eventCursor';

const state = {
  name: 'web-1', platform: 'ubuntu', platformVersion: '22.04', arch: 'x86_64', account: 'a', region: 'r',
  online: true, tags: [], installed: [],
};
const event = (seq: number): FleetEvent => ({ seq, at: '2026-12-01T20:00:00Z', type: 'TARGET_ONLINE', instanceId: 'mi-1', target: state });

describe('acceptMessage', () => {
  it('starts a fresh stream at the snapshot and asks for the list to be read again', () => {
    expect(acceptMessage(null, { seq: 40, snapshot: { eventSeq: 40 }, events: [] })).toEqual({
      lastSeq: 40, events: [], startsFresh: true,
    });
  });

  it('takes every new event and moves to the newest', () => {
    const accepted = acceptMessage(40, { seq: 45, snapshot: null, events: [event(41), event(45)] });
    expect(accepted.lastSeq).toBe(45);
    expect(accepted.events.map((e) => e.seq)).toEqual([41, 45]);
  });

  it('keeps its place at the snapshot of a resumed stream, so the events after the old place still come', () => {
    expect(acceptMessage(45, { seq: 90, snapshot: { eventSeq: 90 }, events: [] })).toEqual({
      lastSeq: 45, events: [], startsFresh: false,
    });
  });

  it('drops events applied already (delivered again after a reconnect)', () => {
    const accepted = acceptMessage(45, { seq: 47, snapshot: null, events: [event(44), event(45), event(47)] });
    expect(accepted.events.map((e) => e.seq)).toEqual([47]);
    expect(accepted.lastSeq).toBe(47);
    expect(acceptMessage(47, { seq: 47, snapshot: null, events: [event(47)] })).toEqual({
      lastSeq: 47, events: [], startsFresh: false,
    });
  });
});
