import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import { createCache } from '../../app/apollo';
import { AccessProvider } from '../../auth/access';
import { needsDeployer } from '../../common/RoleTooltip';
import { RolloutControls } from './RolloutControls';
import type { ControlFacts } from './controls';

const running: ControlFacts = { state: 'RUNNING', waitingFor: null, errors: 0, isRollbackRun: false, hasRollbackRun: false };

function setUp(facts: ControlFacts, permissions: string[], refuse = false) {
  const calls: string[] = [];
  const link = new ApolloLink((operation) => new Observable((observer) => {
    const name = operation.operationName ?? '';
    if (name === 'Viewer') {
      observer.next({ data: { viewer: { __typename: 'Viewer', subject: 'ann', name: 'Ann', roles: ['deployer'], permissions, localMode: false } } });
    } else if (refuse) {
      calls.push(name);
      observer.next({ data: null, errors: [{ message: 'The rollout is PAUSED.', extensions: { code: 'INVALID_STATE' } }] });
    } else {
      calls.push(name);
      const field = name.charAt(0).toLowerCase() + name.slice(1);
      observer.next({ data: { [field]: { __typename: 'Rollout', id: 'r1', state: 'PAUSED', stateReason: null, pauseCause: 'OPERATOR', waitingFor: null } } });
    }
    observer.complete();
  }));
  const client = new ApolloClient({ link, cache: createCache() });
  const onChanged = vi.fn();
  render(
    <ApolloProvider client={client}>
      <AccessProvider>
        <MemoryRouter>
          <RolloutControls rolloutId="r1" facts={facts} onChanged={onChanged} />
        </MemoryRouter>
      </AccessProvider>
    </ApolloProvider>,
  );
  return { calls, onChanged };
}

describe('the rollout controls', () => {
  it('pauses a running run and tells the page', async () => {
    const { calls, onChanged } = setUp(running, ['VIEW', 'DEPLOY']);
    const pause = await screen.findByRole('button', { name: 'Pause' });
    await waitFor(() => expect(pause).toBeEnabled());
    expect(screen.queryByRole('button', { name: 'Resume' })).not.toBeInTheDocument();
    await userEvent.click(pause);
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(calls).toEqual(['PauseRollout']);
  }, 30_000);

  it('asks before cancelling, with "Cancel rollout" again', async () => {
    const { calls } = setUp(running, ['VIEW', 'DEPLOY']);
    const cancel = await screen.findByRole('button', { name: 'Cancel rollout' });
    await waitFor(() => expect(cancel).toBeEnabled());
    await userEvent.click(cancel);
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this rollout?' });
    expect(dialog).toHaveAccessibleDescription(/A cancelled run cannot be resumed/);
    expect(calls).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel rollout' }));
    await waitFor(() => expect(calls).toEqual(['CancelRollout']));
  }, 30_000);

  it('shows what the service refused', async () => {
    setUp({ ...running, state: 'PAUSED' }, ['VIEW', 'DEPLOY'], true);
    const resume = await screen.findByRole('button', { name: 'Resume' });
    await waitFor(() => expect(resume).toBeEnabled());
    await userEvent.click(resume);
    expect(await screen.findByRole('alert')).toHaveTextContent('INVALID_STATE: The rollout is PAUSED.');
  }, 30_000);

  it('disables the controls for a role without DEPLOY', async () => {
    setUp({ ...running, waitingFor: 'APPROVAL' }, ['VIEW']);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the viewer has been read by then
    expect(await screen.findByRole('button', { name: 'Approve next wave' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled();
    // The reason is reachable from the keyboard: the wrapper around the disabled button takes focus and names the role.
    await userEvent.tab();
    const focused = document.activeElement as HTMLElement;
    expect(within(focused).getByRole('button')).toBeDisabled();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(needsDeployer);
  }, 30_000);
});
