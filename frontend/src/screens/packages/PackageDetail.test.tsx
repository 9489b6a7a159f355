import './testing';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { PackageDetail, PackageDetailQuery } from './PackageDetail';
import { PlatformsQuery } from './PlatformMatrix';

const manifest = JSON.stringify({ version: '1.0.0', packages: { _any: { _any: { _any: { file: 'hello.zip' } } } } });

const mocks = [
  {
    request: { query: PackageDetailQuery, variables: { name: 'hello' } },
    result: {
      data: {
        package: {
          __typename: 'Package',
          name: 'hello',
          description: 'Says hello',
          publisher: 'ops',
          defaultVersion: '1.0.0',
          archived: false,
          createdAt: '2026-12-01T10:00:00Z',
          updatedAt: '2026-12-01T11:00:00Z',
          tags: [{ __typename: 'Tag', key: 'team', value: 'web' }],
          versions: [
            {
              __typename: 'PackageVersion', packageName: 'hello', version: '1.0.0', state: 'PUBLISHED', isDefault: true, createdBy: 'alice',
              createdAt: '2026-12-01T10:00:00Z', publishedAt: '2026-12-01T10:05:00Z', warnings: [], manifest,
            },
          ],
        },
      },
    },
  },
  { request: { query: PlatformsQuery }, result: { data: { platforms: [] } } },
];

describe('PackageDetail', () => {
  it('shows the package under its name, its tags and the grid of versions', async () => {
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <MemoryRouter initialEntries={['/packages/hello']}>
          <Routes>
            <Route path="/packages/:name" element={<PackageDetail />} />
          </Routes>
        </MemoryRouter>
      </MockedProvider>,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'hello' })).toBeInTheDocument();
    // The heading may show before the package's query answers (on a busy machine it did): wait for the data.
    expect(await screen.findByText('Says hello')).toBeInTheDocument();
    expect(within(screen.getByRole('list', { name: 'Tags' })).getByText('team=web')).toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: 'Versions' });
    expect(within(grid).getByText('default')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Platform matrix of version 1.0.0' })).toBeInTheDocument();
  });
});
