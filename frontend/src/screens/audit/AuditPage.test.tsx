import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { of } from 'rxjs';
import { createCache } from '../../app/apollo';
import { AccessProvider } from '../../auth/access';
import { AuditPage } from './AuditPage';

// findBy* and waitFor wait longer than the default second: the test machine is shared and slow.
configure({ asyncUtilTimeout: 5000 });

const row = (id: string, action: string) => ({
  __typename: 'AuditEvent', id, at: '2026-12-01T19:00:00Z', actor: 'sub-1', actorName: 'alice', action,
  resource: 'package/hello', outcome: 'DONE', requestId: 'req-1', address: '10.0.0.1', details: '{"after":{"state":"PUBLISHED"}}',
});

function renderPage(permissions: string[]) {
  const auditCalls: Record<string, unknown>[] = [];
  const link = new ApolloLink((operation) => {
    if (operation.operationName === 'Viewer') {
      return of({ data: { viewer: { __typename: 'Viewer', subject: 'u', name: 'u', roles: [], permissions, localMode: false } } });
    }
    auditCalls.push(operation.variables);
    const first = !operation.variables.after;
    return of({
      data: {
        auditEvents: {
          __typename: 'AuditEventConnection',
          pageInfo: { __typename: 'PageInfo', hasNextPage: first, endCursor: first ? 'c1' : 'c2' },
          edges: [{ __typename: 'AuditEventEdge', node: first ? row('2', 'package.publish') : row('1', 'package.create') }],
        },
      },
    });
  });
  const client = new ApolloClient({ link, cache: createCache() });
  render(
    <ApolloProvider client={client}>
      <LocalizationProvider dateAdapter={AdapterDayjs}>
        <AccessProvider>
          <AuditPage />
        </AccessProvider>
      </LocalizationProvider>
    </ApolloProvider>,
  );
  return auditCalls;
}

// Rendering a DataGrid in happy-dom takes seconds on a loaded machine.
describe('AuditPage', { timeout: 30_000 }, () => {
  it('tells a non-admin the trail needs the admin role, without asking the service', async () => {
    const calls = renderPage(['VIEW']);
    expect(screen.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeInTheDocument();
    expect(await screen.findByText(/needs the admin role/)).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('lists the rows, loads older ones and shows a row’s details', async () => {
    const user = userEvent.setup();
    const calls = renderPage(['VIEW', 'ADMIN']);
    const grid = await screen.findByRole('grid', { name: 'Audit events' });
    expect(await within(grid).findByText('package.publish')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Outcome' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Actor' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(grid).findByText('package.create')).toBeInTheDocument();
    expect(calls[1]).toMatchObject({ after: 'c1' });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();

    await user.click(within(grid).getByRole('button', { name: /Details of package.publish/ }));
    expect(screen.getByRole('region', { name: 'Audit details' })).toHaveTextContent('"state": "PUBLISHED"');
  });
});
