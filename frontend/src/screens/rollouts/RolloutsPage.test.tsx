import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { createCache } from '../../app/apollo';
import { ApolloProvider } from '@apollo/client/react';
import { Observable } from 'rxjs';
import { RolloutsPage } from './RolloutsPage';
import { noCounts } from './progress';
import { describeSchedule } from './schedule';

const run = (id: string, runNumber: number, state: string, success: number) => ({
  __typename: 'Rollout', id, runNumber, state, trigger: 'CRON', version: '2.0.0', createdAt: '2026-12-01T20:00:00Z',
  startedAt: '2026-12-01T20:00:00Z', finishedAt: null,
  counts: { __typename: 'InvocationCounts', ...noCounts, total: 4, success, pending: 4 - success },
});
const deployment = (id: string, name: string | null, kind: string, rollouts: unknown[]) => ({
  __typename: 'Deployment', id, name, packageName: 'demo', version: 'default', action: 'INSTALL',
  createdAt: '2026-12-01T19:00:00Z', createdBy: 'local',
  schedule: { __typename: 'Schedule', kind, cron: kind === 'CRON' ? '0 2 * * *' : null, paused: false, timeZone: 'UTC' },
  rollouts,
});

describe('the rollouts list', () => {
  it('shows one row per run, each linking to its live page, and deployments without a run', async () => {
    const errors = vi.spyOn(console, 'error');
    const link = new ApolloLink(() => new Observable((observer) => {
      observer.next({
        data: {
          deployments: {
            __typename: 'DeploymentConnection', totalCount: 2,
            edges: [
              { __typename: 'DeploymentEdge', node: deployment('d1', 'nightly', 'CRON', [run('r2', 2, 'RUNNING', 2), run('r1', 1, 'SUCCEEDED', 4)]) },
              { __typename: 'DeploymentEdge', node: deployment('d2', null, 'ON_NEW_TARGET', []) },
            ],
          },
        },
      });
      observer.complete();
    }));
    const client = new ApolloClient({ link, cache: createCache() });
    render(
      <ApolloProvider client={client}>
        <MemoryRouter>
          <RolloutsPage />
        </MemoryRouter>
      </ApolloProvider>,
    );
    const grid = await screen.findByRole('grid', { name: 'Deployments and runs' });
    expect(await within(grid).findByRole('link', { name: 'Run 2' })).toHaveAttribute('href', '/rollouts/r2');
    expect(within(grid).getByRole('link', { name: 'Run 1' })).toHaveAttribute('href', '/rollouts/r1');
    expect(within(grid).getByRole('progressbar', { name: 'Progress of nightly run 2' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(grid).getByText('No run yet')).toBeInTheDocument();
    expect(within(grid).getAllByText('demo@2.0.0')).toHaveLength(2);
    expect(errors).not.toHaveBeenCalled();
  }, 60_000);

  it('describes schedules in words', () => {
    expect(describeSchedule({ kind: 'ONCE', paused: false, timeZone: 'UTC' })).toBe('Once');
    expect(describeSchedule({ kind: 'CRON', cron: '0 2 * * *', paused: true, timeZone: 'Europe/Berlin' })).toBe('Cron 0 2 * * * (Europe/Berlin) (paused)');
    expect(describeSchedule({ kind: 'ON_NEW_TARGET', paused: false, timeZone: 'UTC' })).toBe('On new target');
  });
});
