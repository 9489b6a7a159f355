import { useMemo, useState } from 'react';
import { Button, Chip, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridPaginationModel } from '@mui/x-data-grid';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { InvocationStatus } from '../../gql/graphql';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime } from '../../common/format';
import { useThrottledRefresh } from './useThrottledRefresh';
import { OutputDrawer, type OutputTarget } from './OutputDrawer';

export const RolloutInvocationsQuery = graphql(`
  query RolloutInvocations($id: String!, $first: Int!, $after: String, $status: InvocationStatus) {
    rollout(id: $id) {
      id
      invocations(first: $first, after: $after, status: $status) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        edges {
          cursor
          node {
            id
            instanceId
            wave
            status
            statusReason
            step
            exitCode
            attempt
            startedAt
            finishedAt
          }
        }
      }
    }
  }
`);

export const InvocationTargetNamesQuery = graphql(`
  query InvocationTargetNames($instanceIds: [String], $first: Int!) {
    targets(filter: { instanceIds: $instanceIds }, first: $first) {
      edges {
        node {
          instanceId
          name
        }
      }
    }
  }
`);

const statusColors: Record<string, 'default' | 'success' | 'error' | 'warning' | 'info'> = {
  SUCCESS: 'success',
  FAILED: 'error',
  TIMED_OUT: 'error',
  IN_PROGRESS: 'info',
  REBOOTING: 'info',
  QUEUED: 'default',
  PENDING: 'default',
  CANCELLED: 'warning',
  SKIPPED: 'default',
};

interface Row {
  id: string;
  instanceId: string;
  name: string;
  wave: number;
  status: string;
  statusReason: string | null;
  step: string | null;
  exitCode: number | null;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** The cursor of the row before (the page's `after` for its first row): reads this one alone. */
  after: string | null;
}

/**
 * One row per target, a page at a time. Kept current by reading the page again when events arrive
 * (`changeSeq` is the last applied seq), at most every two seconds.
 */
export function InvocationsGrid({ rolloutId, changeSeq }: { rolloutId: string; changeSeq: number | null }) {
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  // Cursors are opaque: page n starts after the end cursor of page n - 1, remembered as pages load.
  const [cursors, setCursors] = useState<Record<number, string | null>>({ 0: null });
  const [output, setOutput] = useState<OutputTarget | null>(null);
  const [status, setStatus] = useState<InvocationStatus | ''>('');
  const after = cursors[pagination.page] ?? null;
  const { data, previousData, loading, error, refetch } = useQuery(RolloutInvocationsQuery, {
    variables: { id: rolloutId, first: pagination.pageSize, after, status: status || null },
    notifyOnNetworkStatusChange: false,
  });
  useThrottledRefresh(changeSeq, () => void refetch().catch(() => undefined), 2000);

  const page = (data ?? previousData)?.rollout?.invocations;
  const instanceIds = useMemo(() => page?.edges.map((e) => e.node.instanceId) ?? [], [page]);
  const names = useQuery(InvocationTargetNamesQuery, {
    variables: { instanceIds, first: Math.max(1, instanceIds.length) },
    skip: instanceIds.length === 0,
  });
  const nameOf = useMemo(() => {
    const map = new Map<string, string>();
    names.data?.targets.edges.forEach((e) => map.set(e.node.instanceId, e.node.name));
    return map;
  }, [names.data]);

  const rows: Row[] = useMemo(
    () =>
      (page?.edges ?? []).map((edge, index, edges) => ({
        ...edge.node,
        name: nameOf.get(edge.node.instanceId) ?? edge.node.instanceId,
        statusReason: edge.node.statusReason ?? null,
        step: edge.node.step ?? null,
        exitCode: edge.node.exitCode ?? null,
        startedAt: edge.node.startedAt ?? null,
        finishedAt: edge.node.finishedAt ?? null,
        after: index === 0 ? after : (edges[index - 1]?.cursor ?? null),
      })),
    [page, nameOf, after],
  );

  const onPaginationChange = (model: GridPaginationModel) => {
    if (model.pageSize !== pagination.pageSize) {
      setCursors({ 0: null });
      setPagination({ page: 0, pageSize: model.pageSize });
      return;
    }
    if (model.page > pagination.page && page?.pageInfo.endCursor) {
      const endCursor = page.pageInfo.endCursor;
      setCursors((known) => ({ ...known, [model.page]: endCursor }));
    }
    setPagination(model.page in cursors || model.page === pagination.page + 1 ? model : { ...model, page: 0 });
  };

  const columns: GridColDef<Row>[] = [
    { field: 'name', headerName: 'Target', flex: 1, minWidth: 160 },
    { field: 'instanceId', headerName: 'Instance ID', width: 190 },
    { field: 'wave', headerName: 'Wave', width: 70, type: 'number' },
    {
      field: 'status',
      headerName: 'Status',
      width: 130,
      renderCell: ({ row }) => <Chip size="small" color={statusColors[row.status] ?? 'default'} label={row.status} title={row.statusReason ?? undefined} />,
    },
    { field: 'step', headerName: 'Step', width: 120, valueGetter: (_value, row) => row.step ?? '–' },
    { field: 'exitCode', headerName: 'Exit code', width: 90, valueGetter: (_value, row) => row.exitCode ?? '–' },
    { field: 'attempt', headerName: 'Attempt', width: 80, type: 'number' },
    { field: 'startedAt', headerName: 'Started', width: 170, valueGetter: (_value, row) => formatTime(row.startedAt) },
    { field: 'finishedAt', headerName: 'Finished', width: 170, valueGetter: (_value, row) => formatTime(row.finishedAt) },
    {
      field: 'output',
      headerName: 'Output',
      width: 100,
      sortable: false,
      filterable: false,
      renderCell: ({ row }) => (
        <Button size="small" onClick={() => setOutput({ invocationId: row.id, targetName: row.name, after: row.after, status: status || null })}>
          Output
        </Button>
      ),
    },
  ];

  return (
    <Paper variant="outlined" component="section" aria-labelledby="invocations-title" sx={{ p: 2 }}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
        <Typography id="invocations-title" variant="h6" component="h2">
          Targets
        </Typography>
        <TextField
          select
          size="small"
          label="Status filter"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as InvocationStatus | '');
            setCursors({ 0: null });
            setPagination((p) => ({ ...p, page: 0 }));
          }}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">All statuses</MenuItem>
          {Object.keys(statusColors).map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <ErrorNotice error={error} />
      <DataGrid
        aria-label="Invocations"
        rows={rows}
        columns={columns}
        loading={loading && !page}
        paginationMode="server"
        rowCount={page?.totalCount ?? 0}
        paginationModel={pagination}
        onPaginationModelChange={onPaginationChange}
        pageSizeOptions={[25, 50, 100]}
        disableRowSelectionOnClick
        autoHeight
        sortingMode="server"
        disableColumnSorting
        localeText={{ noRowsLabel: 'No invocations: the run has not planned its targets yet.' }}
      />
      <OutputDrawer rolloutId={rolloutId} target={output} onClose={() => setOutput(null)} />
    </Paper>
  );
}
