import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { PlanSummary } from './PlanSummary';
import { samplePlan } from './planFixture';

function renderPlan(plan = samplePlan()) {
  render(
    <MemoryRouter>
      <PlanSummary plan={plan} />
    </MemoryRouter>,
  );
  return screen.getByRole('region', { name: 'Plan' });
}

describe('PlanSummary', () => {
  it('is a region named Plan that says how many targets and how many run, skip, are offline or wait', () => {
    const plan = renderPlan();
    expect(within(plan).getByText('7 targets')).toBeInTheDocument();
    expect(within(plan).getByText('5 will run')).toBeInTheDocument();
    expect(within(plan).getByText('2 skipped')).toBeInTheDocument();
    expect(within(plan).getByText('1 offline')).toBeInTheDocument();
    expect(within(plan).getByText('1 waiting for another rollout')).toBeInTheDocument();
  });

  it('shows which file how many targets get', () => {
    const files = within(renderPlan()).getByRole('table', { name: 'Files per target' });
    const ubuntu = within(files).getByRole('row', { name: /hello_ubuntu_x86_64\.zip/ });
    expect(within(ubuntu).getByRole('cell', { name: '4' })).toBeInTheDocument();
    expect(ubuntu).toHaveTextContent('ubuntu x86_64 (3), debian x86_64 (1)');
  });

  it('shows skipped targets by reason with the detail, offline names and the rollouts conflicting ones wait for', () => {
    const plan = renderPlan();
    const skipped = within(plan).getByRole('table', { name: 'Skipped targets' });
    expect(within(skipped).getByRole('row', { name: /No file for the platform/ }))
      .toHaveTextContent('no platform key for windows; the manifest has ubuntu, amazon (1: win-1)');
    expect(within(plan).getByText(/1 offline: web-2\./)).toBeInTheDocument();
    expect(within(plan).getByRole('link', { name: 'Rollout r-older' })).toHaveAttribute('href', '/rollouts/r-older');
  });

  it('lists the waves with their sizes', () => {
    const waves = within(renderPlan()).getByRole('table', { name: 'Waves' });
    const rows = within(waves).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['1', '1', '20%', '1'],
      ['2', '2', '40%', '3'],
      ['3', '2', '40%', '5'],
    ]);
  });

  it('shows warnings and a closed maintenance window', () => {
    const plan = renderPlan(samplePlan({
      warnings: ['hello_ubuntu_x86_64.zip has no update script: IN_PLACE fails at step update'],
      maintenanceWindowOpen: false,
      nextWindowOpensAt: null,
    }));
    expect(within(plan).getByText(/has no update script/)).toBeInTheDocument();
    expect(within(plan).getByText(/Outside every maintenance window/)).toBeInTheDocument();
  });
});
