import { act, render, screen } from '@testing-library/react';
import type { LiveState } from '../../app/apollo';
import { LiveNote } from './LiveNote';

const socket = vi.hoisted(() => {
  const listeners = new Set<(state: LiveState) => void>();
  return {
    emit: (state: LiveState) => listeners.forEach((listener) => listener(state)),
    subscribe: (listener: (state: LiveState) => void) => {
      listeners.add(listener);
      listener('connected');
      return () => listeners.delete(listener);
    },
  };
});
vi.mock('../../app/apollo', () => ({ subscribeLiveState: socket.subscribe }));

const liveRegion = () => document.querySelector('[aria-live="polite"]');

describe('the live note', () => {
  it('keeps the event number out of the live region, so each event does not speak', () => {
    const { rerender } = render(<LiveNote following seq={41} />);
    const before = liveRegion()?.textContent;
    rerender(<LiveNote following seq={42} />);
    expect(liveRegion()?.textContent).toBe(before);
    expect(liveRegion()?.textContent).toBe('Following live.');
    expect(screen.getByText(/last event 42/)).toBeInTheDocument();
  });

  it('announces a lost connection and the end of the run', () => {
    const { rerender } = render(<LiveNote following seq={5} />);
    act(() => socket.emit('reconnecting'));
    expect(liveRegion()).toHaveTextContent(/Connection lost/);
    act(() => socket.emit('connected'));
    rerender(<LiveNote following={false} seq={9} />);
    expect(liveRegion()).toHaveTextContent('Not following: the run has finished.');
    rerender(<LiveNote following={false} seq={9} finished={false} />);
    expect(liveRegion()).toHaveTextContent('The live stream ended early: following again in a moment.');
  });
});
