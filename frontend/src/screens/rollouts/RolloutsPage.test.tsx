import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
const deployment = (id: string, name: string | null, kind: string, latestRollout: unknown) => ({
  __typename: 'Deployment', id, name, packageName: 'demo', version: 'default', action: 'INSTALL',
  createdAt: '2026-12-01T19:00:00Z', createdBy: 'local',
  schedule: { __typename: 'Schedule', kind, cron: kind === 'CRON' ? '0 2 * * *' : null, paused: false, timeZone: 'UTC' },
  latestRollout,
});
const page = (nodes: unknown[], endCursor: string, hasNextPage: boolean) => ({
  data: {
    deployments: {
      __typename: 'DeploymentConnection', totalCount: 3,
      pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
      edges: nodes.map((node) => ({ __typename: 'DeploymentEdge', node })),
    },
  },
});

describe('the rollouts list', () => {
  it('shows each deployment with its newest run, reads a page at a time and loads more after the cursor', async () => {
    const errors = vi.spyOn(console, 'error');
    const asked: unknown[] = [];
    const link = new ApolloLink((operation) => new Observable((observer) => {
      asked.push(operation.variables);
      observer.next(
        operation.variables.after === 'c2'
          ? page([deployment('d3', 'weekly', 'CRON', run('r9', 9, 'SUCCEEDED', 4))], 'c3', false)
          : page([deployment('d1', 'nightly', 'CRON', run('r2', 2, 'RUNNING', 2)), deployment('d2', null, 'ON_NEW_TARGET', null)], 'c2', true),
      );
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
    expect(within(grid).getByRole('progressbar', { name: 'Progress of nightly run 2' })).toHaveAttribute('aria-valuenow', '50');
    expect(within(grid).getByText('No run yet')).toBeInTheDocument();
    expect(within(grid).getByText('demo@2.0.0')).toBeInTheDocument();
    expect(screen.getByText('2 of 3 deployments')).toBeInTheDocument();
    expect(asked).toEqual([{ first: 25, after: null }]);

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(grid).findByRole('link', { name: 'Run 9' })).toHaveAttribute('href', '/rollouts/r9');
    expect(asked).toContainEqual({ first: 25, after: 'c2' });
    expect(screen.getByText('3 of 3 deployments')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(errors).not.toHaveBeenCalled();
  }, 60_000);

  it('describes schedules in words', () => {
    expect(describeSchedule({ kind: 'ONCE', paused: false, timeZone: 'UTC' })).toBe('Once');
    expect(describeSchedule({ kind: 'CRON', cron: '0 2 * * *', paused: true, timeZone: 'Europe/Berlin' })).toBe('Cron 0 2 * * * (Europe/Berlin) (paused)');
    expect(describeSchedule({ kind: 'ON_NEW_TARGET', paused: false, timeZone: 'UTC' })).toBe('On new target');
  });
});
