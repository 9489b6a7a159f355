import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import {
  Box, LinearProgress, Link, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import { formatBytes } from '../../common/format';
import type { FileGroup, PlanSummary, SkipGroup, WaveRow } from './summarisePlan';

// The parts of the "Plan" region (PlanSummary.tsx): each a titled table or list of one side of the plan.

const MAX_NAMES = 10;

/** `a, b, c and 4 more`: enough names to recognise, never a wall of them. */
export function someNames(names: string[]): string {
  if (names.length <= MAX_NAMES) {
    return names.join(', ');
  }
  return `${names.slice(0, MAX_NAMES).join(', ')} and ${names.length - MAX_NAMES} more`;
}

/** A titled part of the plan (an h3 under the region's h2). */
export function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h3" sx={{ fontSize: 16, fontWeight: 600, mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Which file each target gets, grouped by file. */
export function PlanFiles({ files }: { files: FileGroup[] }) {
  return (
    <Part title="Files">
      {files.length === 0 ? (
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
              {files.map((file) => (
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
  );
}

/** The targets that will not run, grouped by the service's reason. */
export function PlanSkipped({ groups }: { groups: SkipGroup[] }) {
  return (
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
            {groups.map((group) => (
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
  );
}

/** The targets waiting for other rollouts of the package, by rollout. */
export function PlanConflicts({ conflicts }: { conflicts: PlanSummary['conflicts'] }) {
  return (
    <Part title="Conflicts">
      <Typography sx={{ mb: 1 }}>
        {conflicts.count} target{conflicts.count === 1 ? '' : 's'} wait for other rollouts of this
        package to finish there first:
      </Typography>
      <Stack component="ul" sx={{ m: 0, pl: 3 }}>
        {conflicts.byRollout.map((c) => (
          <li key={c.rolloutId}>
            <Link component={RouterLink} to={`/rollouts/${c.rolloutId}`}>Rollout {c.rolloutId}</Link>: {c.count} target{c.count === 1 ? '' : 's'}
          </li>
        ))}
      </Stack>
    </Part>
  );
}

/** The waves: how many targets each has and how many are reached after it. */
export function PlanWaves({ waves }: { waves: WaveRow[] }) {
  return (
    <Part title="Waves">
      {waves.length === 0 ? (
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
              {waves.map((wave) => (
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
  );
}
