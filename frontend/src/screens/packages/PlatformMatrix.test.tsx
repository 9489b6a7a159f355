import './testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { PlatformMatrix, PlatformsQuery } from './PlatformMatrix';
import { createCache } from '../../app/apollo';
import {
  manifestPackages, matrixArchitectures, matrixChunks, matrixPlatforms, matrixProbes, matrixQueryText, type Probe,
} from './matrix';

const platforms = [
  { __typename: 'Platform', code: 'windows', displayName: 'Windows Server', architectures: ['x86_64', '386'], note: null },
];
const manifest = JSON.stringify({ packages: { windows: { _any: { x86_64: { file: 'hello-windows.zip' } } } } });
const packages = manifestPackages(manifest);
const probes = matrixProbes(matrixPlatforms(platforms, packages), matrixArchitectures(platforms, packages), packages);

const mocks = [
  { request: { query: PlatformsQuery }, result: { data: { platforms } } },
  {
    request: { query: parse(matrixQueryText(probes)), variables: { packageName: 'hello', version: '1.0.0' } },
    result: {
      data: {
        package: {
          __typename: 'Package',
          name: 'hello',
          version: {
            __typename: 'PackageVersion',
            packageName: 'hello',
            version: '1.0.0',
            c0: { __typename: 'FileSelection', found: true, file: 'hello-windows.zip', reason: 'windows -> _any -> x86_64' },
            c1: { __typename: 'FileSelection', found: false, file: null, reason: "windows -> _any -> no '386' architecture and no '_any'" },
          },
        },
      },
    },
  },
];

describe('PlatformMatrix', () => {
  it('shows the file each platform and architecture gets, "—" otherwise, with the reason on hover', async () => {
    const user = userEvent.setup();
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <PlatformMatrix packageName="hello" version="1.0.0" manifest={manifest} />
      </MockedProvider>,
    );
    const table = await screen.findByRole('table', { name: 'Platform matrix' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Platform', 'x86_64', '386']);
    const row = within(table).getByRole('row', { name: /windows/ });
    expect(within(row).getByText('hello-windows.zip')).toBeInTheDocument();
    await user.hover(within(row).getByText('—'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent("no '386' architecture");
  });

  it('asks in several queries of at most 45 aliases when the manifest has many version keys', async () => {
    // 30 version keys × 2 listed archs = 60 questions: two queries.
    const versions = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${i}.*`, { x86_64: { file: `v${i}.zip` } }]));
    const big = JSON.stringify({ packages: { windows: versions } });
    const bigPackages = manifestPackages(big);
    const bigProbes = matrixProbes(matrixPlatforms(platforms, bigPackages), matrixArchitectures(platforms, bigPackages), bigPackages);
    const chunks = matrixChunks(bigProbes);
    expect(chunks).toHaveLength(2);
    const answer = (p: Probe) => ({
      __typename: 'FileSelection',
      found: p.arch === 'x86_64',
      file: p.arch === 'x86_64' ? `v${p.versionKey.split('.')[0]}.zip` : null,
      reason: `windows -> ${p.versionKey} -> ${p.arch}`,
    });
    const chunkMocks = chunks.map((chunk) => ({
      request: { query: parse(matrixQueryText(chunk)), variables: { packageName: 'hello', version: '1.0.0' } },
      result: {
        data: {
          package: {
            __typename: 'Package',
            name: 'hello',
            version: {
              __typename: 'PackageVersion',
              packageName: 'hello',
              version: '1.0.0',
              ...Object.fromEntries(chunk.map((p) => [p.alias, answer(p)])),
            },
          },
        },
      },
    }));
    render(
      <MockedProvider mocks={[mocks[0]!, ...chunkMocks]} cache={createCache()}>
        <PlatformMatrix packageName="hello" version="1.0.0" manifest={big} />
      </MockedProvider>,
    );
    const table = await screen.findByRole('table', { name: 'Platform matrix' });
    // The first key's answer came with the first query, the last key's with the second.
    expect(within(table).getByText('0.*: v0.zip')).toBeInTheDocument();
    expect(within(table).getByText('29.*: v29.zip')).toBeInTheDocument();
  });
});
