/** A deployment's schedule in a few words for the list: "Once", "Cron 0 2 * * * (UTC)", "On new target (paused)". */
export function describeSchedule(schedule: { kind: string; cron?: string | null; paused: boolean; timeZone: string }): string {
  let text: string;
  switch (schedule.kind) {
    case 'ONCE':
      return 'Once';
    case 'CRON':
      text = `Cron ${schedule.cron ?? ''} (${schedule.timeZone})`;
      break;
    case 'ON_DEFAULT_VERSION_CHANGE':
      text = 'On default version change';
      break;
    case 'ON_NEW_TARGET':
      text = 'On new target';
      break;
    default:
      text = schedule.kind;
  }
  return schedule.paused ? `${text} (paused)` : text;
}
