import type { LiveState } from '../app/apollo';

type Listener = (state: LiveState) => void;
const listeners = new Set<Listener>();

/**
 * The subscription socket's state as a test drives it, in place of graphql-ws: mock `subscribeLiveState` of
 * src/app/apollo with `liveSocket.subscribe` (vi.mock with an async factory importing this module), then `emit`
 * what graphql-ws would report. New listeners hear 'connected' at once, as on a page whose socket is up.
 */
export const liveSocket = {
  emit: (state: LiveState) => listeners.forEach((listener) => listener(state)),
  subscribe: (listener: Listener) => {
    listeners.add(listener);
    listener('connected');
    return () => {
      listeners.delete(listener);
    };
  },
};
