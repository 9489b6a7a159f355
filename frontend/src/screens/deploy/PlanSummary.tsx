import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import {
  Alert, Box, Chip, LinearProgress, Link, Paper, Stack, Table, TableBody, TableCell, TableContainer, TableHead,
  TableRow, Tooltip, Typography,
} from '@mui/material';
import { graphql } from '../../gql';
import type { DeployPlanFragment } from '../../gql/graphql';
import { formatBytes, formatTime, fromNow } from '../../common/format';
import { summarizePlan } from './planSummary';

export const DeployPlanFragmentDoc = graphql(`
  fragment DeployPlan on Plan {
    packageName
    version
    action
    installType
    targetCount
    runnableCount
    skippedCount
    offlineCount
    conflictCount
    maxConcurrency
    maxErrors
    warnings
    maintenanceWindowOpen
    nextWindowOpensAt
    waves {
      number
      size
    }
    targets {
      instanceId
      name
      platform
      platformVersion
      arch
      online
      wave
      fileName
      fileSize
      skipReason
      skipDetail
      conflictingRollouts
      installedVersion
      installedState
      note
    }
  }
`);

const MAX_NAMES = 10;

/** `a, b, c and 4 more`: enough names to recognise, never a wall of them. */
function someNames(names: string[]): string {
  if (names.length <= MAX_NAMES) {
    return names.join(', ');
  }
  return `${names.slice(0, MAX_NAMES).join(', ')} and ${names.length - MAX_NAMES} more`;
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h3" sx={{ fontSize: 16, fontWeight: 600, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

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

      <Part title="Files">
        {summary.files.length === 0 ? (
          <Typography color="text.secondary">No target will run: see why below.</Typography>
        ) : (
          <TableContainer>
            <Table size="small" aria-label="Files per target">
              <TableHead>
                <TableRow>
                  <TableCell>File</TableCell>
                  <TableCell align="right">Targets</TableCell>
                  <TableCell>Platforms</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {summary.files.map((file) => (
                  <TableRow key={file.fileName ?? ''}>
                    <TableCell>
                      {file.fileName ?? '(the installed file)'}
                      {file.fileSize != null && (
                        <Typography component="span" variant="body2" color="text.secondary"> · {formatBytes(file.fileSize)}</Typography>
                      )}
                    </TableCell>
                    <TableCell align="right">{file.count}</TableCell>
                    <TableCell>{file.platforms.map((p) => `${p.label} (${p.count})`).join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Part>

      {summary.skipped.length > 0 && (
        <Part title="Skipped">
          <TableContainer>
            <Table size="small" aria-label="Skipped targets">
              <TableHead>
                <TableRow>
                  <TableCell>Reason</TableCell>
                  <TableCell align="right">Targets</TableCell>
                  <TableCell>Details</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {summary.skipped.map((group) => (
                  <TableRow key={group.reason}>
                    <TableCell>
                      <Tooltip title={group.reason} describeChild>
                        <span>{group.label}</span>
                      </Tooltip>
                    </TableCell>
                    <TableCell align="right">{group.count}</TableCell>
                    <TableCell>
                      {group.details.map((d) => (
                        <Box key={d.detail} sx={{ mb: 0.5 }}>
                          {d.detail || '—'}{' '}
                          <Typography component="span" variant="body2" color="text.secondary">
                            ({d.count}: {someNames(d.targets)})
                          </Typography>
                        </Box>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </Part>
      )}

      {summary.offline.count > 0 && (
        <Part title="Offline">
          <Typography>
            {summary.offline.count} offline: {someNames(summary.offline.names)}. Their commands wait for them up to the
            delivery timeout.
          </Typography>
        </Part>
      )}

      {summary.conflicts.count > 0 && (
        <Part title="Conflicts">
          <Typography sx={{ mb: 1 }}>
            {summary.conflicts.count} target{summary.conflicts.count === 1 ? '' : 's'} wait for other rollouts of this
            package to finish there first:
          </Typography>
          <Stack component="ul" sx={{ m: 0, pl: 3 }}>
            {summary.conflicts.byRollout.map((c) => (
              <li key={c.rolloutId}>
                <Link component={RouterLink} to={`/rollouts/${c.rolloutId}`}>Rollout {c.rolloutId}</Link>: {c.count} target{c.count === 1 ? '' : 's'}
              </li>
            ))}
          </Stack>
        </Part>
      )}

      {summary.notes.length > 0 && (
        <Part title="Notes">
          {summary.notes.map((n) => (
            <Typography key={n.name} variant="body2">{n.name}: {n.note}</Typography>
          ))}
        </Part>
      )}

      <Part title="Waves">
        {summary.waves.length === 0 ? (
          <Typography color="text.secondary">No wave: nothing to run.</Typography>
        ) : (
          <TableContainer>
            <Table size="small" aria-label="Waves">
              <TableHead>
                <TableRow>
                  <TableCell>Wave</TableCell>
                  <TableCell align="right">Targets</TableCell>
                  <TableCell sx={{ width: '40%' }}>Share</TableCell>
                  <TableCell align="right">Reached after it</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {summary.waves.map((wave) => (
                  <TableRow key={wave.number}>
                    <TableCell>{wave.number}</TableCell>
                    <TableCell align="right">{wave.size}</TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                        <LinearProgress variant="determinate" value={wave.percent} sx={{ flexGrow: 1 }}
                          aria-label={`Wave ${wave.number} share of targets`} />
                        <Typography variant="body2">{wave.percent}%</Typography>
                      </Stack>
                    </TableCell>
                    <TableCell align="right">{wave.cumulative}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
      </Part>
    </Paper>
  );
}
