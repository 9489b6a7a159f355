import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { MockedProvider } from '@apollo/client/testing/react';
import type { MockLink } from '@apollo/client/testing';
import { createCache } from '../../app/apollo';
import { needsDeployer } from '../../common/RoleTooltip';
import { AccessProvider, ViewerQuery } from '../../auth/access';
import type { CreateDeploymentInput } from '../../gql/graphql';
import { DeployPage } from './DeployPage';
import { samplePlan } from './planFixture';
import {
  CreateDeploymentMutation, DeployPackagesQuery, DeployPackageVersionsQuery, DeployPlanQuery, PACKAGE_CHOICES, StartRolloutMutation,
} from './queries';

const expectedInput: CreateDeploymentInput = {
  packageName: 'hello',
  version: '1.0.0',
  action: 'INSTALL',
  installType: 'REINSTALL',
  selector: { tags: ['fleet=sim', 'role=web'] },
  strategy: { waves: ['1', '50%', '100%'], maxConcurrency: '2', manualApproval: true },
};

function withTypenames(plan: ReturnType<typeof samplePlan>) {
  return {
    __typename: 'Plan',
    ...plan,
    waves: plan.waves.map((w) => ({ __typename: 'PlanWave', ...w })),
    targets: plan.targets.map((t) => ({ __typename: 'PlanTarget', ...t })),
  };
}

const refusedPlan: MockLink.MockedResponse = {
  request: { query: DeployPlanQuery, variables: { deployment: expectedInput } },
  result: {
    errors: [{
      message: 'strategy.maxConcurrency must be a count such as 10 or a percentage such as 10%',
      extensions: { code: 'INVALID_INPUT', field: 'strategy.maxConcurrency' },
    }],
  },
};

/** The service's answer to the "Package" combobox's search for names starting with `prefix`. */
function packagesStartingWith(prefix: string, names: string[]): MockLink.MockedResponse {
  return {
    request: { query: DeployPackagesQuery, variables: { namePrefix: prefix, first: PACKAGE_CHOICES } },
    maxUsageCount: 5,
    result: {
      data: {
        packages: {
          __typename: 'PackageConnection', totalCount: names.length,
          edges: names.map((name) => ({
            __typename: 'PackageEdge', node: { __typename: 'Package', name, defaultVersion: '1.0.0', archived: false },
          })),
        },
      },
    },
  };
}

function mocks(permissions: string[], created: CreateDeploymentInput[], planRefused = false): MockLink.MockedResponse[] {
  return [
    {
      request: { query: ViewerQuery },
      result: { data: { viewer: { __typename: 'Viewer', subject: 'ann', name: 'Ann', roles: ['deployer'], permissions, localMode: false } } },
    },
    packagesStartingWith('hello', ['hello']),
    packagesStartingWith('wor', ['world', 'worker']),
    {
      request: { query: DeployPackageVersionsQuery, variables: { name: 'hello' } },
      maxUsageCount: 5,
      result: {
        data: {
          package: {
            __typename: 'Package', name: 'hello', defaultVersion: '1.0.0',
            versions: [{ __typename: 'PackageVersion', packageName: 'hello', version: '1.0.0', state: 'PUBLISHED', isDefault: true }],
          },
        },
      },
    },
    {
      request: { query: DeployPackageVersionsQuery, variables: { name: 'world' } },
      result: { data: { package: { __typename: 'Package', name: 'world', defaultVersion: null, versions: [] } } },
    },
    planRefused ? refusedPlan : {
      request: { query: DeployPlanQuery, variables: { deployment: expectedInput } },
      result: { data: { plan: withTypenames(samplePlan()) } },
    },
    {
      request: {
        query: CreateDeploymentMutation,
        variables: (variables: { input: CreateDeploymentInput }) => {
          created.push(variables.input);
          return true;
        },
      },
      result: {
        data: {
          createDeployment: {
            __typename: 'Deployment', id: 'd-1', schedule: { __typename: 'Schedule', kind: 'ONCE' },
            latestRollout: { __typename: 'Rollout', id: 'r-1', state: 'PLANNED' },
          },
        },
      },
    },
    {
      request: { query: StartRolloutMutation, variables: (v: { id: string }) => v.id === 'r-1' },
      result: { data: { startRollout: { __typename: 'Rollout', id: 'r-1', state: 'RUNNING' } } },
    },
  ];
}

function renderDeploy(permissions: string[], created: CreateDeploymentInput[] = [], planRefused = false) {
  const router = createMemoryRouter(
    [
      { path: '/deploy', element: <DeployPage /> },
      { path: '/rollouts/:id', element: <p>the rollout page</p> },
    ],
    { initialEntries: ['/deploy?package=hello&version=1.0.0'] },
  );
  render(
    <MockedProvider mocks={mocks(permissions, created, planRefused)} cache={createCache()}>
      <AccessProvider>
        <RouterProvider router={router} />
      </AccessProvider>
    </MockedProvider>,
  );
  return router;
}

type User = ReturnType<typeof userEvent.setup>;

/** Pastes instead of typing key by key: the same events for the form, far fewer renders. */
async function enter(user: User, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

async function fillAndPreview(user: User) {
  const tags = screen.getByRole('textbox', { name: 'Target tags' });
  await user.type(tags, 'fleet=sim{Enter}');
  // Typed text not yet a chip counts too (comma-separated).
  await enter(user, tags, 'role=web');
  await enter(user, screen.getByRole('textbox', { name: 'Waves' }), '1, 50%, 100%');
  await enter(user, screen.getByRole('textbox', { name: 'Max concurrency' }), '2');
  await user.click(screen.getByRole('checkbox', { name: 'Approve each wave manually' }));
  await user.click(screen.getByRole('button', { name: 'Preview plan' }));
}

// A whole MUI form in happy-dom on a shared machine: slower than the 5 s default, not stuck.
describe('DeployPage', { timeout: 60_000 }, () => {
  let consoleProblems: unknown[][] = [];
  beforeEach(() => {
    consoleProblems = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { consoleProblems.push(args); });
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => { consoleProblems.push(args); });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prefills the package and version from the address, shows the plan, then starts the run and opens it', async () => {
    const user = userEvent.setup({ delay: null });
    const created: CreateDeploymentInput[] = [];
    const router = renderDeploy(['VIEW', 'DEPLOY'], created);

    expect(screen.getByRole('heading', { level: 1, name: 'Deploy' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Package' })).toHaveValue('hello');
    expect(screen.getByRole('combobox', { name: 'Version' })).toHaveValue('1.0.0');
    expect(screen.getByRole('radio', { name: 'Install' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'Uninstall and reinstall' })).toBeChecked();
    expect(screen.getByRole('button', { name: 'Start rollout' })).toBeDisabled();

    await fillAndPreview(user);
    const plan = await screen.findByRole('region', { name: 'Plan' }, { timeout: 10_000 });
    expect(within(plan).getByText('7 targets')).toBeInTheDocument();

    const startButton = screen.getByRole('button', { name: 'Start rollout' });
    expect(startButton).toBeEnabled();
    await user.click(startButton);
    await screen.findByText('the rollout page', undefined, { timeout: 10_000 });
    expect(router.state.location.pathname).toBe('/rollouts/r-1');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject(expectedInput);
    expect(created[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(consoleProblems).toEqual([]);
  });

  it('searches package names on the service as the user types in "Package"', async () => {
    const user = userEvent.setup({ delay: null });
    renderDeploy(['VIEW', 'DEPLOY']);
    const combobox = screen.getByRole('combobox', { name: 'Package' });
    await user.clear(combobox);
    await user.paste('wor');
    // The service's answer for "wor" (debounced), not a filter of the names already loaded.
    const world = await screen.findByRole('option', { name: 'world' }, { timeout: 10_000 });
    expect(screen.getByRole('option', { name: 'worker' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: 'hello' })).not.toBeInTheDocument();
    await user.click(world);
    expect(combobox).toHaveValue('world');
    expect(consoleProblems).toEqual([]);
  });

  it('offers Start rollout only for the inputs the plan was made for', async () => {
    const user = userEvent.setup({ delay: null });
    renderDeploy(['VIEW', 'DEPLOY']);
    await fillAndPreview(user);
    await screen.findByRole('region', { name: 'Plan' }, { timeout: 10_000 });
    expect(screen.getByRole('button', { name: 'Start rollout' })).toBeEnabled();
    await user.type(screen.getByRole('textbox', { name: 'Max errors' }), '1');
    expect(screen.getByRole('button', { name: 'Start rollout' })).toBeDisabled();
    expect(screen.getByText(/The inputs changed since this plan was made/)).toBeInTheDocument();
  });

  it('keeps Start rollout disabled without the DEPLOY permission', async () => {
    const user = userEvent.setup({ delay: null });
    renderDeploy(['VIEW']);
    await fillAndPreview(user);
    await screen.findByRole('region', { name: 'Plan' }, { timeout: 10_000 });
    const startButton = screen.getByRole('button', { name: 'Start rollout' });
    expect(startButton).toBeDisabled();
    // The reason is reachable by keyboard: the focusable span around the disabled button says which role is missing.
    const reason = startButton.closest('span[tabindex="0"]');
    expect(reason).not.toBeNull();
    await user.hover(reason!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(needsDeployer);
  });

  it('says what to fix instead of asking the service when a field is wrong', async () => {
    const user = userEvent.setup({ delay: null });
    renderDeploy(['VIEW', 'DEPLOY']);
    await enter(user, screen.getByRole('textbox', { name: 'Waves' }), '1, 0');
    await user.click(screen.getByRole('button', { name: 'Preview plan' }));
    expect(screen.getByText('A wave size cannot be 0.')).toBeInTheDocument();
    expect(screen.getByText(/Name the targets/)).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Plan' })).not.toBeInTheDocument();
  });

  it("shows the service's refusal next to the field it names and in a notice", async () => {
    const user = userEvent.setup({ delay: null });
    renderDeploy(['VIEW', 'DEPLOY'], [], true);
    await fillAndPreview(user);
    const notice = await screen.findByRole('alert', {}, { timeout: 10_000 });
    expect(notice).toHaveTextContent('INVALID_INPUT');
    expect(screen.getByRole('textbox', { name: 'Max concurrency' })).toHaveAccessibleDescription(
      'strategy.maxConcurrency must be a count such as 10 or a percentage such as 10%',
    );
    expect(screen.queryByRole('region', { name: 'Plan' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start rollout' })).toBeDisabled();
  });
});
