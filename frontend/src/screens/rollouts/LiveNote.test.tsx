import { act, render, screen } from '@testing-library/react';
import { LiveNote } from './LiveNote';
import { liveSocket } from '../../testing/liveSocket';

vi.mock('../../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/apollo')>()),
  subscribeLiveState: (await import('../../testing/liveSocket')).liveSocket.subscribe,
}));
const socket = liveSocket;

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
