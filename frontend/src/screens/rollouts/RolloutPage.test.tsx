import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { createCache } from '../../app/apollo';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import { RolloutRoute } from './RolloutPage';
import { noCounts } from './progress';

vi.mock('../../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/apollo')>()),
  subscribeLiveState: (listener: (state: string) => void) => {
    listener('connected');
    return () => undefined;
  },
}));

const counts = { __typename: 'InvocationCounts', ...noCounts, total: 2, success: 1, inProgress: 1 };
const rollout = {
  __typename: 'Rollout', id: 'r1', runNumber: 1, state: 'RUNNING', stateReason: null, pauseCause: null, waitingFor: null,
  nextWaveAt: null, currentWave: 1, trigger: 'MANUAL', version: '1.2.0', createdAt: '2026-12-01T20:00:00Z', createdBy: 'local',
  startedAt: '2026-12-01T20:00:00Z', finishedAt: null, maxConcurrency: 1, maxErrors: 0, rollbackOf: null, rolledBackBy: null,
  deployment: { __typename: 'Deployment', id: 'd1', name: 'demo to web', packageName: 'demo', version: '1.2.0', action: 'INSTALL' },
};
const finished = {
  __typename: 'RolloutEvent', seq: 3, at: '2026-12-01T20:00:05Z', type: 'INVOCATION', status: 'SUCCESS', previousStatus: 'IN_PROGRESS',
  instanceId: 'mi-1', invocationId: 'i1', wave: 1, details: '{}',
};
const invocation = (id: string, instanceId: string, status: string) => ({
  __typename: 'Invocation', id, instanceId, wave: 1, status, statusReason: null, step: 'install', exitCode: status === 'SUCCESS' ? 0 : null,
  attempt: 1, startedAt: '2026-12-01T20:00:01Z', finishedAt: null,
});

function answer(operationName: string, variables: Record<string, unknown>): Record<string, unknown> {
  switch (operationName) {
    case 'RolloutPage':
      return { rollout };
    case 'RolloutEvents':
      return { rollout: { __typename: 'Rollout', id: 'r1', events: variables.afterSeq === 0 ? [finished] : [] } };
    case 'RolloutInvocations':
      return {
        rollout: {
          __typename: 'Rollout', id: 'r1',
          invocations: {
            __typename: 'InvocationConnection', totalCount: 2,
            pageInfo: { __typename: 'PageInfo', endCursor: '1:2', hasNextPage: false },
            edges: [
              { __typename: 'InvocationEdge', cursor: '1:1', node: invocation('i1', 'mi-1', 'SUCCESS') },
              { __typename: 'InvocationEdge', cursor: '1:2', node: invocation('i2', 'mi-2', 'IN_PROGRESS') },
            ],
          },
        },
      };
    case 'InvocationTargetNames':
      return {
        targets: {
          __typename: 'TargetConnection',
          edges: [{ __typename: 'TargetEdge', node: { __typename: 'Target', instanceId: 'mi-2', name: 'web-2' } }],
        },
      };
    case 'InvocationOutput':
      return {
        rollout: {
          __typename: 'Rollout', id: 'r1',
          invocations: {
            __typename: 'InvocationConnection',
            edges: [{ __typename: 'InvocationEdge', node: {
              ...invocation('i2', 'mi-2', 'IN_PROGRESS'), output: 'installing demo 1.2.0', finishedAt: null,
            } }],
          },
        },
      };
    default:
      throw new Error(`unexpected operation ${operationName}`);
  }
}

describe('the rollout page', () => {
  it('shows the run from its snapshot, charts its history, lists its targets and opens an output', async () => {
    const errors = vi.spyOn(console, 'error');
    let progress: { next: (value: { data: Record<string, unknown> }) => void } | undefined;
    const link = new ApolloLink(
      (operation) =>
        new Observable((observer) => {
          if (operation.operationName === 'RolloutProgress') {
            progress = observer;
            return;
          }
          observer.next({ data: answer(operation.operationName ?? '', operation.variables) });
          observer.complete();
        }),
    );
    const client = new ApolloClient({ link, cache: createCache() });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter initialEntries={['/rollouts/r1']}>
          <Routes>
            <Route path="/rollouts/:id" element={<RolloutRoute />} />
          </Routes>
        </MemoryRouter>
      </ApolloProvider>,
    );

    expect(await screen.findByRole('heading', { level: 1, name: 'Rollout demo 1.2.0' })).toBeInTheDocument();
    await waitFor(() => expect(progress).toBeDefined());
    act(() => {
      progress?.next({
        data: {
          rolloutProgress: {
            __typename: 'RolloutProgress', seq: 3, events: [],
            snapshot: {
              __typename: 'RolloutSnapshot',
              rollout: { __typename: 'Rollout', id: 'r1', state: 'RUNNING', currentWave: 1, waitingFor: null, eventSeq: 3 },
              counts,
              waves: [{ __typename: 'WaveProgress', number: 1, size: 2, state: 'RUNNING', counts }],
            },
          },
        },
      });
    });
    expect(await screen.findByLabelText('Rollout state')).toHaveTextContent('RUNNING');
    expect(screen.getByRole('progressbar', { name: 'Overall progress' })).toHaveAttribute('aria-valuenow', '50');
    expect(screen.getByText('1 of 2 done')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Wave 1 progress' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Completions and failures over time' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pause' })).toBeDisabled(); // no DEPLOY permission outside an AccessProvider

    const grid = await screen.findByRole('grid', { name: 'Invocations' });
    expect(await within(grid).findByText('web-2')).toBeInTheDocument();
    const rows = within(grid).getAllByRole('row');
    const row = rows.find((r) => within(r).queryByText('web-2'));
    await userEvent.click(within(row!).getByRole('button', { name: 'Output' }));
    expect(await screen.findByRole('heading', { name: 'Output of web-2' })).toBeInTheDocument();
    expect(await screen.findByRole('region', { name: 'Invocation output' })).toHaveTextContent('installing demo 1.2.0');
    await userEvent.click(screen.getByRole('button', { name: 'Close output' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Output of web-2' })).not.toBeInTheDocument());

    expect(errors).not.toHaveBeenCalled();
  }, 60_000);
});
