import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { Box, Button, Chip, LinearProgress, Link, Paper, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { DeploymentsQuery as DeploymentsData } from '../../gql/graphql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime, fromNow } from '../../common/format';
import { doneLabel, percentDone, type StatusCounts } from './progress';
import { stateColor } from './ProgressHeader';
import { describeSchedule } from './schedule';
import { mergePages, pageCursors, type LoadedPage } from './deploymentPages';

export const DeploymentsQuery = graphql(`
  query Deployments($first: Int!, $after: String) {
    deployments(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
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
          latestRollout {
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

/** Deployments per page; "Load more" adds a page. */
const pageSize = 25;
/** Runs change state often, deployments rarely: every shown page is read again this often. */
const pollMs = 10_000;

type Deployment = DeploymentsData['deployments']['edges'][number]['node'];

/** One row per deployment, with its newest run. */
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

function toRow(node: Deployment): Row {
  const run = node.latestRollout;
  return {
    id: node.id,
    deployment: node.name ?? node.packageName,
    packageVersion: `${node.packageName}@${run?.version ?? node.version}`,
    action: node.action,
    schedule: describeSchedule(node.schedule),
    createdAt: node.createdAt,
    runId: run?.id ?? null,
    runNumber: run?.runNumber ?? null,
    state: run?.state ?? null,
    trigger: run?.trigger ?? null,
    counts: run?.counts ?? null,
    startedAt: run?.startedAt ?? null,
    finishedAt: run?.finishedAt ?? null,
  };
}

const columns: GridColDef<Row>[] = [
  { field: 'deployment', headerName: 'Deployment', flex: 1, minWidth: 160 },
  { field: 'packageVersion', headerName: 'Package', flex: 1, minWidth: 160 },
  { field: 'action', headerName: 'Action', width: 100 },
  { field: 'schedule', headerName: 'Schedule', width: 170 },
  { field: 'createdAt', headerName: 'Created', width: 130, valueGetter: (_value, row) => fromNow(row.createdAt) },
  {
    field: 'runNumber',
    headerName: 'Latest run',
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

/**
 * Reads one page of deployments after a cursor and keeps reading it every pollMs; it renders
 * nothing and hands the page to the list (one query per page, so pages are not hooks in a loop).
 */
function DeploymentsPageReader({ index, after, onPage }: {
  index: number;
  after: string | null;
  onPage: (index: number, page: LoadedPage<Deployment> | undefined, error: unknown) => void;
}) {
  const { data, previousData, error } = useQuery(DeploymentsQuery, { variables: { first: pageSize, after }, pollInterval: pollMs });
  const connection = (data ?? previousData)?.deployments;
  useEffect(() => {
    onPage(
      index,
      connection
        ? { items: connection.edges.map((edge) => edge.node), totalCount: connection.totalCount, endCursor: connection.pageInfo.endCursor ?? null, hasNextPage: connection.pageInfo.hasNextPage }
        : undefined,
      error,
    );
  }, [index, connection, error, onPage]);
  return null;
}

/** `/rollouts`: deployments, newest first, each with its newest run linking to its live page; more on demand. */
export function RolloutsPage() {
  const [pages, setPages] = useState(1);
  const [loaded, setLoaded] = useState<(LoadedPage<Deployment> | undefined)[]>([]);
  const [errors, setErrors] = useState<unknown[]>([]);
  const onPage = useCallback((index: number, page: LoadedPage<Deployment> | undefined, error: unknown) => {
    setLoaded((previous) => {
      const next = [...previous];
      next[index] = page;
      return next;
    });
    setErrors((previous) => {
      const next = [...previous];
      next[index] = error;
      return next;
    });
  }, []);
  const cursors = pageCursors(pages, loaded);
  const rows = useMemo(() => mergePages(loaded, cursors.length).map(toRow), [loaded, cursors.length]);
  const last = loaded[cursors.length - 1];
  const canLoadMore = cursors.length === pages && last?.hasNextPage === true;
  const error = errors.slice(0, cursors.length).find(Boolean);
  return (
    <>
      <PageHeader
        title="Rollouts"
        subtitle="Deployments and their newest run. Open a run to follow it live."
        actions={
          <Button component={RouterLink} to="/deploy" variant="contained">
            New deployment
          </Button>
        }
      />
      {cursors.map((after, index) => (
        <DeploymentsPageReader key={index} index={index} after={after} onPage={onPage} />
      ))}
      <ErrorNotice error={error} />
      <Paper variant="outlined">
        <DataGrid
          aria-label="Deployments and runs"
          rows={rows}
          columns={columns}
          loading={loaded[0] === undefined && !error}
          autoHeight
          disableRowSelectionOnClick
          rowHeight={56}
          // The free grid shows at most 100 rows a page; beyond four loaded pages its footer pages through them.
          initialState={{ pagination: { paginationModel: { pageSize: 100 } } }}
          pageSizeOptions={[100]}
          localeText={{ noRowsLabel: 'No deployments yet: start one from Deploy.' }}
        />
      </Paper>
      <Stack direction="row" spacing={2} sx={{ mt: 1, alignItems: 'center' }}>
        <Typography variant="body2" color="text.secondary">
          {loaded[0] && `${rows.length} of ${loaded[0].totalCount} deployments`}
        </Typography>
        {canLoadMore && (
          <Button onClick={() => setPages((n) => n + 1)}>Load more</Button>
        )}
      </Stack>
    </>
  );
}
