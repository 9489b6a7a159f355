import './testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { AccessProvider, ViewerQuery } from '../../auth/access';
import { PlatformsQuery } from './PlatformMatrix';
import { CreateSimplePackageMutation, SimpleForm } from './SimpleForm';
import { RequestArtifactUploadMutation } from './useArtifactUpload';
import { PublishVersionMutation } from './VersionsGrid';

// happy-dom's File and Node's WebCrypto live in different realms; the digest has its own spec (sha256.test.ts).
const sha = 'a'.repeat(64);
vi.mock('./upload', async (importOriginal) => ({ ...(await importOriginal<typeof import('./upload')>()), sha256Hex: async () => sha }));

const version = {
  __typename: 'PackageVersion',
  packageName: 'hello',
  version: '1.0.0',
  isDefault: false,
  manifest: '{"schemaVersion":"2.0","version":"1.0.0"}',
  warnings: [],
  files: [
    {
      __typename: 'PackageFile',
      name: 'hello-1.0.0-deb.zip',
      platforms: ['ubuntu'],
      size: 2048,
      sha256: 'b'.repeat(64),
      scripts: ['install.sh'],
      scriptSources: [{ __typename: 'ScriptSource', name: 'install.sh', content: 'dpkg -i hello.deb', truncated: false }],
    },
  ],
};

const mocks = [
  {
    request: { query: ViewerQuery },
    result: { data: { viewer: { __typename: 'Viewer', subject: 'local', name: null, roles: [], permissions: ['VIEW', 'PUBLISH'], localMode: true } } },
  },
  {
    request: { query: PlatformsQuery },
    result: { data: { platforms: [{ __typename: 'Platform', code: 'ubuntu', displayName: 'Ubuntu Server', architectures: ['x86_64'], note: null }] } },
  },
  {
    request: { query: RequestArtifactUploadMutation, variables: { input: { fileName: 'hello_1.0.deb', sha256: sha, size: 5 } } },
    result: {
      data: {
        requestArtifactUpload: {
          __typename: 'ArtifactUpload', alreadyStored: true, fileName: 'hello_1.0.deb', sha256: sha, key: `artifacts/sha256/${sha}`, method: null, url: null, headers: [],
        },
      },
    },
  },
  {
    request: {
      query: CreateSimplePackageMutation,
      variables: {
        input: {
          packageName: 'hello', version: '1.0.0', description: null,
          installer: { fileName: 'hello_1.0.deb', sha256: sha }, entries: [{ platform: 'ubuntu', arch: 'x86_64' }],
        },
      },
    },
    result: { data: { createSimplePackage: { __typename: 'SimplePackagePayload', warnings: ['check me'], version: { ...version, state: 'DRAFT' } } } },
  },
  {
    request: { query: PublishVersionMutation, variables: { packageName: 'hello', version: '1.0.0' } },
    result: {
      data: {
        publishVersion: {
          ...version, state: 'PUBLISHED', isDefault: true, createdBy: 'local', createdAt: '2026-12-01T10:00:00Z', publishedAt: '2026-12-01T10:01:00Z',
        },
      },
    },
  },
];

describe('the Simple flow', () => {
  it('uploads the installer, shows the generated scripts, publishes and links to deploying', async () => {
    const user = userEvent.setup();
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <AccessProvider>
          <MemoryRouter>
            <SimpleForm />
          </MemoryRouter>
        </AccessProvider>
      </MockedProvider>,
    );
    await user.type(screen.getByRole('textbox', { name: 'Package name' }), 'hello');
    await user.type(screen.getByRole('textbox', { name: 'Version' }), '1.0.0');
    await user.upload(screen.getByLabelText('Installer'), new File(['12345'], 'hello 1.0.deb'));
    await user.click(await screen.findByRole('checkbox', { name: 'ubuntu x86_64' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Create package' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Create package' }));

    expect(await screen.findByRole('heading', { name: 'Generated scripts' })).toBeInTheDocument();
    expect(screen.getByText('dpkg -i hello.deb')).toBeInTheDocument();
    expect(screen.getByText('check me')).toBeInTheDocument();
    expect(screen.getByText('DRAFT')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Publish version' }));
    expect(await screen.findByText('PUBLISHED')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Deploy this version' })).toHaveAttribute('href', '/deploy?package=hello&version=1.0.0');
  });
});
