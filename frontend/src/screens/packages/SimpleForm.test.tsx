import './testing';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import { createCache } from '../../app/apollo';
import { AccessProvider, ViewerQuery } from '../../auth/access';
import { PlatformsQuery } from './PlatformMatrix';
import { SimpleForm } from './SimpleForm';

const mocks = [
  {
    request: { query: ViewerQuery },
    result: {
      data: {
        viewer: { __typename: 'Viewer', subject: 'local', name: null, roles: ['admin'], permissions: ['VIEW', 'PUBLISH', 'DEPLOY', 'ADMIN'], localMode: true },
      },
    },
  },
  {
    request: { query: PlatformsQuery },
    result: {
      data: {
        platforms: [
          { __typename: 'Platform', code: 'ubuntu', displayName: 'Ubuntu Server', architectures: ['x86_64', 'arm64'], note: null },
          { __typename: 'Platform', code: 'windows', displayName: 'Windows Server', architectures: ['x86_64'], note: null },
        ],
      },
    },
  },
];

function renderForm() {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <AccessProvider>
        <MemoryRouter>
          <SimpleForm />
        </MemoryRouter>
      </AccessProvider>
    </MockedProvider>,
  );
}

describe('SimpleForm', () => {
  it('offers one checkbox per platform and architecture, named "<code> <arch>"', async () => {
    renderForm();
    expect(await screen.findByRole('checkbox', { name: 'ubuntu x86_64' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'ubuntu arm64' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'windows x86_64' })).toBeInTheDocument();
    expect(screen.getByLabelText('Installer')).toHaveAttribute('type', 'file');
    // The focusable drop zone is a named button (Enter opens the chooser), not a nameless presentation.
    expect(screen.getByRole('button', { name: 'Choose the installer file' })).toHaveAttribute('tabindex', '0');
  });

  it('says what is missing instead of sending an incomplete form', async () => {
    const user = userEvent.setup();
    renderForm();
    const create = await screen.findByRole('button', { name: 'Create package' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Create package' })).toBeEnabled());
    await user.type(screen.getByRole('textbox', { name: 'Package name' }), 'x');
    await user.click(create);
    expect(await screen.findByText("3 to 128 letters, digits, '_', '.' or '-'.")).toBeInTheDocument();
    expect(screen.getByText('Required.')).toBeInTheDocument();
    expect(screen.getByText('Drop or choose the installer.')).toBeInTheDocument();
    expect(screen.getByText('Tick at least one platform and architecture.')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar', { name: 'Upload progress' })).not.toBeInTheDocument();
  });
});
