import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApolloClient, ApolloLink } from '@apollo/client';
import { createCache } from '../../app/apollo';
import { ApolloProvider } from '@apollo/client/react';
import { of } from 'rxjs';
import { ActivationDialog } from './ActivationDialog';

// findBy* and waitFor wait longer than the default second: the test machine is shared and slow.
configure({ asyncUtilTimeout: 5000 });

function renderDialog() {
  const sent: Record<string, unknown>[] = [];
  const link = new ApolloLink((operation) => {
    sent.push(operation.variables);
    return of({
      data: {
        createActivation: {
          __typename: 'Activation', id: 'act-1', code: 'secret-code', account: '111', region: 'eu-west-1',
          expiresAt: '2026-12-02T20:00:00Z', registrationLimit: 5,
          defaultTags: [{ __typename: 'Tag', key: 'env', value: 'prod' }],
        },
      },
    });
  });
  const client = new ApolloClient({ link, cache: createCache() });
  render(
    <ApolloProvider client={client}>
      <ActivationDialog onClose={() => undefined} />
    </ApolloProvider>,
  );
  return sent;
}

// userEvent typing in happy-dom takes seconds on a loaded machine.
describe('ActivationDialog', { timeout: 30_000 }, () => {
  it('creates the activation and shows the installer command to copy', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const sent = renderDialog();
    await user.type(screen.getByRole('textbox', { name: /Account/ }), '111');
    await user.type(screen.getByRole('textbox', { name: /Region/ }), 'eu-west-1');
    await user.type(screen.getByRole('textbox', { name: 'Default tags' }), 'env=prod');
    await user.type(screen.getByRole('textbox', { name: 'Registration limit' }), '5');
    await user.click(screen.getByRole('button', { name: 'Create activation' }));

    const command = await screen.findByRole('textbox', { name: 'Installer command' });
    expect(sent[0]).toEqual({
      input: {
        account: '111', region: 'eu-west-1', defaultTags: [{ key: 'env', value: 'prod' }], description: null,
        registrationLimit: 5, expiresInHours: null,
      },
    });
    expect(command).toHaveValue(
      `curl -fsSL ${window.location.origin}/agent/install.sh | sh -s -- --activation-id act-1 --activation-code secret-code`,
    );
    expect(command).toHaveAttribute('readonly');
    await user.click(screen.getByRole('button', { name: 'Copy installer command' }));
    expect(writeText).toHaveBeenCalledWith((command as HTMLTextAreaElement).value);
    expect(await screen.findByText('Copied')).toBeInTheDocument();
  });

  it('says what is missing or malformed instead of sending', async () => {
    const user = userEvent.setup();
    const sent = renderDialog();
    await user.type(screen.getByRole('textbox', { name: 'Default tags' }), 'env');
    await user.click(screen.getByRole('button', { name: 'Create activation' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText('Enter the account hosts are placed in')).toBeInTheDocument();
    expect(within(dialog).getByText('"env": write key=value')).toBeInTheDocument();
    expect(sent).toHaveLength(0);
  });
});
