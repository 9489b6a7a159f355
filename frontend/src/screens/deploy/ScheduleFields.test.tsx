import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { emptyDeployForm, type DeployFormState } from './deployForm';
import { ScheduleFields } from './ScheduleFields';

const noError = () => undefined;

function renderFields(form: DeployFormState) {
  const update = vi.fn();
  const view = render(<ScheduleFields form={form} update={update} error={noError} />);
  return { ...view, update, rerenderWith: (next: DeployFormState) => view.rerender(<ScheduleFields form={next} update={update} error={noError} />) };
}

describe('ScheduleFields', () => {
  let consoleProblems: unknown[][] = [];
  beforeEach(() => {
    consoleProblems = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { consoleProblems.push(args); });
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => { consoleProblems.push(args); });
  });
  afterEach(() => vi.restoreAllMocks());

  it('is folded for "once, now", opens when the schedule becomes another kind, and folds at the user\u2019s click', async () => {
    const user = userEvent.setup();
    const { rerenderWith } = renderFields(emptyDeployForm);
    const summary = screen.getByRole('button', { name: /Schedule and maintenance windows/ });
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    rerenderWith({ ...emptyDeployForm, scheduleKind: 'CRON' });
    expect(summary).toHaveAttribute('aria-expanded', 'true');
    await user.click(summary);
    expect(summary).toHaveAttribute('aria-expanded', 'false');
    // Controlled: MUI does not warn about a default that changed.
    expect(consoleProblems).toEqual([]);
  });

  it('asks for window minutes with a numeric keyboard, on the input element itself', () => {
    renderFields({ ...emptyDeployForm, maintenanceWindows: [{ id: 'w1', cron: '0 22 * * 6', durationMinutes: '120' }] });
    expect(screen.getByRole('textbox', { name: 'Window 1 lasts (minutes)' })).toHaveAttribute('inputmode', 'numeric');
  });
});
