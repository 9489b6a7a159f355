import './testing';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { PackageList, PackageListQuery } from './PackageList';

const hello = {
  __typename: 'Package',
  name: 'hello',
  description: 'Says hello',
  defaultVersion: '1.0.0',
  publisher: 'ops',
  updatedAt: '2026-12-01T10:00:00Z',
  versions: [
    { __typename: 'PackageVersion', packageName: 'hello', version: '1.1.0', state: 'DRAFT' },
    { __typename: 'PackageVersion', packageName: 'hello', version: '1.0.0', state: 'PUBLISHED' },
  ],
};

function renderList(nodes: unknown[]) {
  const mocks = [
    {
      request: { query: PackageListQuery, variables: { filter: null, first: 500 } },
      result: { data: { packages: { __typename: 'PackageConnection', totalCount: nodes.length, edges: nodes.map((node) => ({ __typename: 'PackageEdge', node })) } } },
    },
  ];
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <MemoryRouter>
        <PackageList />
      </MemoryRouter>
    </MockedProvider>,
  );
}

describe('PackageList', () => {
  it('lists packages in the grid "Packages", each name a link to its page', async () => {
    renderList([hello]);
    const grid = await screen.findByRole('grid', { name: 'Packages' });
    const link = await within(grid).findByRole('link', { name: 'hello' });
    expect(link).toHaveAttribute('href', '/packages/hello');
    expect(within(grid).getByText('DRAFT')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Packages' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Search packages' })).toBeInTheDocument();
  });

  it('says what to do when there is no package, and disables "New package" without PUBLISH', async () => {
    renderList([]);
    expect(await screen.findByText('No packages yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New package' })).toHaveAttribute('aria-disabled', 'true');
  });
});
