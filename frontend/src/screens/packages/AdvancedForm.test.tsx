import './testing';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { GraphQLError } from 'graphql';
import { AccessProvider, ViewerQuery } from '../../auth/access';
import { AddPackageVersionMutation, AdvancedForm, PackageExistsQuery } from './AdvancedForm';
import { RequestArtifactUploadMutation } from './useArtifactUpload';

const sha = 'c'.repeat(64);
vi.mock('./upload', async (importOriginal) => ({ ...(await importOriginal<typeof import('./upload')>()), sha256Hex: async () => sha }));

const manifest = '{"schemaVersion": "2.0", "version": "2.0.0", "packages": {"ubuntu": {}}, "files": {"app.zip": {}}}';

const viewer = {
  request: { query: ViewerQuery },
  result: { data: { viewer: { __typename: 'Viewer', subject: 'local', name: null, roles: [], permissions: ['VIEW', 'PUBLISH'], localMode: true } } },
};

async function renderForm(mocks: unknown[]) {
  const user = userEvent.setup();
  render(
    <MockedProvider mocks={[viewer, ...(mocks as [])]} cache={createCache()}>
      <AccessProvider>
        <MemoryRouter>
          <AdvancedForm />
        </MemoryRouter>
      </AccessProvider>
    </MockedProvider>,
  );
  await waitFor(() => expect(screen.getByRole('button', { name: 'Create package' })).toBeEnabled());
  return user;
}

/** user.type treats braces as key descriptors; pasting keeps the text as it is. */
async function enterManifest(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.click(screen.getByRole('textbox', { name: 'Manifest' }));
  await user.paste(text);
}

describe('AdvancedForm', () => {
  it('points a JSON syntax error at its line and column without sending anything', async () => {
    const user = await renderForm([]);
    await user.type(screen.getByRole('textbox', { name: 'Package name' }), 'hello');
    await enterManifest(user, '{\n  "version": "1.0.0",\n  "packages": }\n}');
    await user.upload(screen.getByLabelText('Package files'), new File(['zip'], 'app.zip'));
    await user.click(screen.getByRole('button', { name: 'Create package' }));
    expect(await screen.findByText(/line 3, column 15/)).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'Upload progress' })).not.toBeInTheDocument();
  });

  it('lists each manifest problem the service finds with its JSON path', async () => {
    const user = await renderForm([
      {
        request: { query: RequestArtifactUploadMutation, variables: { input: { fileName: 'app.zip', sha256: sha, size: 3 } } },
        result: {
          data: {
            requestArtifactUpload: {
              __typename: 'ArtifactUpload', alreadyStored: true, fileName: 'app.zip', sha256: sha, key: 'k', method: null, url: null, headers: [],
            },
          },
        },
      },
      {
        request: { query: PackageExistsQuery, variables: { name: 'hello' } },
        result: { data: { package: { __typename: 'Package', name: 'hello' } } },
      },
      {
        request: { query: AddPackageVersionMutation, variables: { input: { packageName: 'hello', version: '2.0.0', manifest } } },
        result: {
          errors: [
            new GraphQLError('The manifest has 2 problems', {
              extensions: {
                code: 'INVALID_MANIFEST',
                jsonPath: '$.packages.ubuntu',
                problems: [
                  { jsonPath: '$.packages.ubuntu', message: 'must hold at least one platform version' },
                  { jsonPath: "$.files['app.zip'].checksums", message: 'is required, with a sha256' },
                ],
              },
            }),
          ],
        },
      },
    ]);
    await user.type(screen.getByRole('textbox', { name: 'Package name' }), 'hello');
    await enterManifest(user, manifest);
    await user.upload(screen.getByLabelText('Package files'), new File(['zip'], 'app.zip'));
    await user.click(screen.getByRole('button', { name: 'Create package' }));
    const list = await screen.findByRole('list', { name: 'Manifest problems' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '$.packages.ubuntu: must hold at least one platform version',
      "$.files['app.zip'].checksums: is required, with a sha256",
    ]);
    expect(screen.getByText('2 problems, listed below')).toBeInTheDocument();
  });
});
