import './testing';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'graphql';
import { MockedProvider } from '@apollo/client/testing/react';
import { PlatformMatrix, PlatformsQuery } from './PlatformMatrix';
import { manifestPackages, matrixArchitectures, matrixPlatforms, matrixProbes, matrixQueryText } from './matrix';

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
      <MockedProvider mocks={mocks}>
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
});
