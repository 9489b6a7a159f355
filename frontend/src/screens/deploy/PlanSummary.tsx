import { Alert, Chip, Paper, Stack, Typography } from '@mui/material';
import type { DeployPlanFragment } from '../../gql/graphql';
import { formatTime, fromNow } from '../../common/format';
import { summarizePlan } from './summarisePlan';
import { Part, PlanConflicts, PlanFiles, PlanSkipped, PlanWaves, someNames } from './PlanParts';

/** What starting the run now would do: the region named "Plan". */
export function PlanSummary({ plan }: { plan: DeployPlanFragment }) {
  const summary = summarizePlan(plan);
  const what = plan.action === 'UNINSTALL' ? 'Uninstall' : plan.installType === 'IN_PLACE' ? 'In-place update to' : 'Install';
  return (
    <Paper component="section" aria-label="Plan" variant="outlined" sx={{ p: 2, mt: 3 }}>
      <Typography variant="h2" sx={{ fontSize: 20, fontWeight: 600 }}>
        Plan
      </Typography>
      <Typography color="text.secondary">
        {what} {plan.packageName} {plan.version ?? (plan.action === 'UNINSTALL' ? '(whatever version is installed)' : '')}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ mt: 1.5, flexWrap: 'wrap', alignItems: 'center', rowGap: 1 }}>
        <Typography component="span" sx={{ fontSize: 22, fontWeight: 700, mr: 1 }}>
          {summary.targetCount} targets
        </Typography>
        <Chip color="primary" label={`${summary.runnableCount} will run`} />
        <Chip label={`${summary.skippedCount} skipped`} />
        <Chip color={summary.offline.count > 0 ? 'warning' : 'default'} label={`${summary.offline.count} offline`} />
        <Chip color={summary.conflicts.count > 0 ? 'warning' : 'default'}
          label={`${summary.conflicts.count} waiting for another rollout`} />
      </Stack>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        At most {plan.maxConcurrency} at once; the run tolerates {plan.maxErrors} error{plan.maxErrors === 1 ? '' : 's'}.
      </Typography>

      {plan.maintenanceWindowOpen ? (
        <Alert severity="success" sx={{ mt: 2 }}>May start now: a maintenance window is open, or the deployment has none.</Alert>
      ) : (
        <Alert severity="info" sx={{ mt: 2 }}>
          Outside every maintenance window: nothing starts until the next one opens
          {plan.nextWindowOpensAt ? ` at ${formatTime(plan.nextWindowOpensAt)} (${fromNow(plan.nextWindowOpensAt)})` : ''}.
        </Alert>
      )}

      {plan.warnings.length > 0 && (
        <Alert severity="warning" sx={{ mt: 2 }}>
          {plan.warnings.map((warning) => <div key={warning}>{warning}</div>)}
        </Alert>
      )}
      {summary.discrepancies.length > 0 && (
        <Alert severity="error" sx={{ mt: 2 }}>
          {summary.discrepancies.map((d) => <div key={d}>{d}</div>)}
        </Alert>
      )}

      <PlanFiles files={summary.files} />
      {summary.skipped.length > 0 && <PlanSkipped groups={summary.skipped} />}
      {summary.offline.count > 0 && (
        <Part title="Offline">
          <Typography>
            {summary.offline.count} offline: {someNames(summary.offline.names)}. Their commands wait for them up to the
            delivery timeout.
          </Typography>
        </Part>
      )}

      {summary.conflicts.count > 0 && <PlanConflicts conflicts={summary.conflicts} />}
      {summary.notes.length > 0 && (
        <Part title="Notes">
          {summary.notes.map((n) => (
            <Typography key={n.name} variant="body2">{n.name}: {n.note}</Typography>
          ))}
        </Part>
      )}

      <PlanWaves waves={summary.waves} />
    </Paper>
  );
}
