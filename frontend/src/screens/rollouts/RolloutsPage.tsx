import { useMemo } from 'react';
import { Link as RouterLink } from 'react-router';
import { Box, Button, Chip, LinearProgress, Link, Paper, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime, fromNow } from '../../common/format';
import { doneLabel, percentDone, type StatusCounts } from './progress';
import { stateColor } from './ProgressHeader';
import { describeSchedule } from './schedule';

export const DeploymentsQuery = graphql(`
  query Deployments($first: Int!) {
    deployments(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          packageName
          version
          action
          createdAt
          createdBy
          schedule {
            kind
            cron
            paused
            timeZone
          }
          rollouts {
            id
            runNumber
            state
            trigger
            version
            createdAt
            startedAt
            finishedAt
            counts {
              ...ProgressCounts
            }
          }
        }
      }
    }
  }
`);

/** Runs shown per deployment: the newest few; a scheduled deployment may have hundreds. */
const runsPerDeployment = 5;

interface Row {
  id: string;
  deployment: string;
  packageVersion: string;
  action: string;
  schedule: string;
  createdAt: string;
  runId: string | null;
  runNumber: number | null;
  state: string | null;
  trigger: string | null;
  counts: StatusCounts | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const columns: GridColDef<Row>[] = [
  { field: 'deployment', headerName: 'Deployment', flex: 1, minWidth: 160 },
  { field: 'packageVersion', headerName: 'Package', flex: 1, minWidth: 160 },
  { field: 'action', headerName: 'Action', width: 100 },
  { field: 'schedule', headerName: 'Schedule', width: 170 },
  { field: 'createdAt', headerName: 'Created', width: 130, valueGetter: (_value, row) => fromNow(row.createdAt) },
  {
    field: 'runNumber',
    headerName: 'Run',
    width: 110,
    renderCell: ({ row }) =>
      row.runId ? (
        <Link component={RouterLink} to={`/rollouts/${row.runId}`}>
          Run {row.runNumber}
        </Link>
      ) : (
        'No run yet'
      ),
  },
  {
    field: 'state',
    headerName: 'State',
    width: 130,
    renderCell: ({ row }) => (row.state ? <Chip size="small" color={stateColor(row.state)} label={row.state} /> : null),
  },
  {
    field: 'progress',
    headerName: 'Progress',
    width: 190,
    sortable: false,
    valueGetter: (_value, row) => (row.counts ? percentDone(row.counts) : null),
    renderCell: ({ row }) =>
      row.counts ? (
        <Box sx={{ width: '100%', pt: 1.5 }}>
          <LinearProgress variant="determinate" value={percentDone(row.counts)} aria-label={`Progress of ${row.deployment} run ${row.runNumber}`} />
          <Typography variant="caption">{doneLabel(row.counts)}</Typography>
        </Box>
      ) : null,
  },
  { field: 'startedAt', headerName: 'Started', width: 165, valueGetter: (_value, row) => formatTime(row.startedAt) },
  { field: 'finishedAt', headerName: 'Finished', width: 165, valueGetter: (_value, row) => formatTime(row.finishedAt) },
];

/** `/rollouts`: every deployment with its newest runs, one row per run; each run links to its live page. */
export function RolloutsPage() {
  const { data, loading, error } = useQuery(DeploymentsQuery, { variables: { first: 100 }, pollInterval: 5000 });
  const rows: Row[] = useMemo(
    () =>
      (data?.deployments.edges ?? []).flatMap(({ node }): Row[] => {
        const common = {
          deployment: node.name ?? node.packageName,
          packageVersion: `${node.packageName}@${node.version}`,
          action: node.action,
          schedule: describeSchedule(node.schedule),
          createdAt: node.createdAt,
        };
        const runs = (node.rollouts ?? []).slice(0, runsPerDeployment);
        if (runs.length === 0) {
          return [{ ...common, id: node.id, runId: null, runNumber: null, state: null, trigger: null, counts: null, startedAt: null, finishedAt: null }];
        }
        return runs.map((run) => ({
          ...common,
          id: run.id,
          packageVersion: `${node.packageName}@${run.version ?? node.version}`,
          runId: run.id,
          runNumber: run.runNumber,
          state: run.state,
          trigger: run.trigger,
          counts: run.counts ?? null,
          startedAt: run.startedAt ?? null,
          finishedAt: run.finishedAt ?? null,
        }));
      }),
    [data],
  );
  return (
    <>
      <PageHeader
        title="Rollouts"
        subtitle="Deployments and their newest runs. Open a run to follow it live."
        actions={
          <Button component={RouterLink} to="/deploy" variant="contained">
            New deployment
          </Button>
        }
      />
      <ErrorNotice error={error} />
      <Paper variant="outlined">
        <DataGrid
          aria-label="Deployments and runs"
          rows={rows}
          columns={columns}
          loading={loading && !data}
          autoHeight
          disableRowSelectionOnClick
          rowHeight={56}
          initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
          pageSizeOptions={[25, 50, 100]}
          localeText={{ noRowsLabel: 'No deployments yet: start one from Deploy.' }}
        />
      </Paper>
    </>
  );
}
