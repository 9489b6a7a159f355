import './testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { AccessProvider, ViewerQuery } from '../../auth/access';
import type { VersionRowFragment } from '../../gql/graphql';
import { DeprecateVersionMutation, VersionsGrid } from './VersionsGrid';

const row = (version: string, state: VersionRowFragment['state'], isDefault = false): VersionRowFragment => ({
  packageName: 'hello',
  version,
  state,
  isDefault,
  createdBy: 'alice',
  createdAt: '2026-12-01T10:00:00Z',
  publishedAt: state === 'DRAFT' ? null : '2026-12-01T11:00:00Z',
  warnings: [],
  manifest: '{}',
});

const versions = [row('1.2.0', 'DRAFT'), row('1.1.0', 'PUBLISHED'), row('1.0.0', 'PUBLISHED', true)];

const viewer = {
  request: { query: ViewerQuery },
  result: { data: { viewer: { __typename: 'Viewer', subject: 'local', name: null, roles: [], permissions: ['VIEW', 'PUBLISH'], localMode: true } } },
};

function renderGrid(mocks: unknown[] = [], onChanged = () => {}) {
  return render(
    <MockedProvider mocks={[viewer, ...(mocks as [])]} cache={createCache()}>
      <AccessProvider>
        <VersionsGrid packageName="hello" versions={versions} selected="1.0.0" onSelect={() => {}} onChanged={onChanged} />
      </AccessProvider>
    </MockedProvider>,
  );
}

const rowOf = (grid: HTMLElement, version: string) =>
  within(grid).getAllByRole('row').find((r) => within(r).queryByText(version, { exact: true })) as HTMLElement;

describe('VersionsGrid', () => {
  it('offers what each state allows: publish a draft, make a published version the default, deprecate a non-default', async () => {
    renderGrid();
    const grid = await screen.findByRole('grid', { name: 'Versions' });
    const draft = rowOf(grid, '1.2.0');
    expect(within(draft).getByRole('button', { name: 'Publish version' })).toBeInTheDocument();
    expect(within(draft).queryByRole('button', { name: 'Set as default' })).not.toBeInTheDocument();
    const published = rowOf(grid, '1.1.0');
    expect(within(published).getByRole('button', { name: 'Set as default' })).toBeInTheDocument();
    const current = rowOf(grid, '1.0.0');
    expect(within(current).queryByRole('button', { name: 'Set as default' })).not.toBeInTheDocument();
    expect(within(current).getByRole('button', { name: 'Deprecate' })).toBeDisabled();
    expect(within(current).getByRole('link', { name: 'Download bundle' })).toHaveAttribute('href', '/api/packages/hello/versions/1.0.0/bundle');
  });

  it('deprecates only after the confirmation', async () => {
    const user = userEvent.setup();
    const onChanged = vi.fn();
    renderGrid([
      {
        request: { query: DeprecateVersionMutation, variables: { packageName: 'hello', version: '1.1.0' } },
        result: { data: { deprecateVersion: { __typename: 'PackageVersion', ...row('1.1.0', 'DEPRECATED') } } },
      },
    ], onChanged);
    const grid = await screen.findByRole('grid', { name: 'Versions' });
    const deprecate = within(rowOf(grid, '1.1.0')).getByRole('button', { name: 'Deprecate' });
    await waitFor(() => expect(deprecate).toBeEnabled());
    await user.click(deprecate);
    const dialog = await screen.findByRole('dialog', { name: 'Deprecate version 1.1.0?' });
    await user.click(within(dialog).getByRole('button', { name: 'Deprecate' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
