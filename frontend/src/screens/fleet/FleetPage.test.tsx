import { configure, render, screen, within } from '@testing-library/react';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { createCache } from '../../app/apollo';
import { ApolloProvider } from '@apollo/client/react';
import { Observable, of, Subject } from 'rxjs';
import { act } from 'react';
import { AccessProvider } from '../../auth/access';
import userEvent from '@testing-library/user-event';
import { needsAdmin } from '../../common/RoleTooltip';
import { FleetPage } from './FleetPage';

// findBy* and waitFor wait longer than the default second: the test machine is shared and slow.
configure({ asyncUtilTimeout: 5000 });

vi.mock('../../app/apollo', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../app/apollo')>()),
  subscribeLiveState: (listener: (state: string) => void) => {
    listener('connected');
    return () => undefined;
  },
}));

const node = (instanceId: string, name: string, online: boolean) => ({
  __typename: 'Target', instanceId, name, driver: 'AGENT', platform: 'ubuntu', platformVersion: '22.04', arch: 'x86_64',
  account: '111', region: 'eu-west-1', online, lastSeen: '2026-12-01T19:00:00Z',
  tags: [{ __typename: 'Tag', key: 'env', value: 'prod' }],
  installedPackages: [{ __typename: 'InstalledPackage', packageName: 'hello', version: '1.0.0', state: 'INSTALLED' }],
});

/** The online column's cells, top to bottom. */
const onlineCells = (grid: HTMLElement) =>
  within(grid).getAllByRole('gridcell').filter((cell) => cell.dataset.field === 'online').map((cell) => cell.textContent);

function renderPage(permissions: string[]) {
  const stream = new Subject<ApolloLink.Result>();
  const link = new ApolloLink((operation) => {
    switch (operation.operationName) {
      case 'Viewer':
        return of({ data: { viewer: { __typename: 'Viewer', subject: 'u', name: 'u', roles: [], permissions, localMode: false } } });
      case 'Targets':
        return of({
          data: {
            targets: {
              __typename: 'TargetConnection',
              totalCount: 2,
              pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c2' },
              edges: [
                { __typename: 'TargetEdge', node: node('mi-00000000000000001', 'web-1', true) },
                { __typename: 'TargetEdge', node: node('mi-00000000000000002', 'web-2', true) },
              ],
            },
          },
        });
      default:
        return new Observable<ApolloLink.Result>((observer) => stream.subscribe(observer));
    }
  });
  const client = new ApolloClient({ link, cache: createCache() });
  render(
    <ApolloProvider client={client}>
      <AccessProvider>
        <FleetPage />
      </AccessProvider>
    </ApolloProvider>,
  );
  return stream;
}

// Rendering a DataGrid in happy-dom takes seconds on a loaded machine.
describe('FleetPage', { timeout: 30_000 }, () => {
  it('lists the targets and turns one offline when its event comes', async () => {
    const stream = renderPage(['VIEW', 'ADMIN']);
    expect(screen.getByRole('heading', { level: 1, name: 'Fleet' })).toBeInTheDocument();
    const grid = await screen.findByRole('grid', { name: 'Targets' });
    expect(await within(grid).findByText('web-2')).toBeInTheDocument();
    expect(within(grid).getAllByText('hello@1.0.0')).toHaveLength(2);
    expect(onlineCells(grid)).toEqual(['Online', 'Online']);

    act(() => stream.next({ data: { targetEvents: { __typename: 'TargetEventsMessage', seq: 5, snapshot: { __typename: 'TargetEventsSnapshot', eventSeq: 5, matchingTargets: 2 }, events: [] } } }));
    act(() =>
      stream.next({
        data: {
          targetEvents: {
            __typename: 'TargetEventsMessage',
            seq: 6,
            snapshot: null,
            events: [{
              __typename: 'TargetEvent', seq: 6, at: '2026-12-01T20:00:00Z', type: 'TARGET_OFFLINE', instanceId: 'mi-00000000000000002', details: '{}',
              target: {
                __typename: 'TargetState', name: 'web-2', platform: 'ubuntu', platformVersion: '22.04', arch: 'x86_64', account: '111',
                region: 'eu-west-1', online: false, tags: [{ __typename: 'Tag', key: 'env', value: 'prod' }],
                installed: [{ __typename: 'InstalledVersion', packageName: 'hello', version: '1.0.0', state: 'INSTALLED' }],
              },
            }],
          },
        },
      }),
    );
    await vi.waitFor(() => expect(onlineCells(grid)).toEqual(['Online', 'Offline']), { timeout: 5000 });
    expect(screen.getByRole('button', { name: 'New activation' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Tag selected' })).toBeDisabled();
  });

  it('shows a refused live stream and stops following', async () => {
    const stream = renderPage(['VIEW']);
    await screen.findByRole('grid', { name: 'Targets' });
    act(() => stream.next({ data: { targetEvents: null }, errors: [{ message: 'Not allowed.', extensions: { code: 'FORBIDDEN' } }] }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Live updates stopped');
    expect(alert).toHaveTextContent('FORBIDDEN: Not allowed.');
  });

  it('disables the admin actions for other roles', async () => {
    renderPage(['VIEW']);
    await screen.findByRole('grid', { name: 'Targets' });
    expect(screen.getByRole('button', { name: 'New activation' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Untag selected' })).toBeDisabled();
    // The reason is reachable from the keyboard, on the wrapper around the disabled button.
    await userEvent.tab();
    expect(within(document.activeElement as HTMLElement).getByRole('button', { name: 'New activation' })).toBeDisabled();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(needsAdmin);
    expect(screen.getByRole('textbox', { name: 'Filter by tag' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Package version' })).toBeInTheDocument();
  });
});
