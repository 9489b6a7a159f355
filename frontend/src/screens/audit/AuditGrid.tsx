import { Button, Chip, Stack, Typography } from '@mui/material';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { graphql } from '../../gql';
import type { AuditEventFieldsFragment } from '../../gql/graphql';
import { formatTime } from '../../common/format';

export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    at
    actor
    actorName
    action
    resource
    outcome
    requestId
    address
    details
  }
`);

function columns(onDetails: (event: AuditEventFieldsFragment) => void): GridColDef<AuditEventFieldsFragment>[] {
  return [
    { field: 'at', headerName: 'At', width: 170, valueFormatter: (value: string) => formatTime(value) },
    {
      field: 'actor',
      headerName: 'Actor',
      minWidth: 170,
      flex: 1,
      renderCell: ({ row }) => (
        <Stack sx={{ justifyContent: 'center', height: '100%', lineHeight: 1.3 }}>
          <span>{row.actorName ?? row.actor}</span>
          {row.actorName && row.actorName !== row.actor && (
            <Typography variant="caption" color="text.secondary">
              {row.actor}
            </Typography>
          )}
        </Stack>
      ),
    },
    { field: 'action', headerName: 'Action', minWidth: 150, flex: 1 },
    { field: 'resource', headerName: 'Resource', minWidth: 180, flex: 1 },
    {
      field: 'outcome',
      headerName: 'Outcome',
      width: 110,
      renderCell: ({ row }) => (
        <Chip size="small" label={row.outcome} color={row.outcome === 'DONE' ? 'success' : 'error'} variant="outlined" />
      ),
    },
    { field: 'requestId', headerName: 'Request ID', minWidth: 140, valueFormatter: (value: string | null) => value ?? '–' },
    { field: 'address', headerName: 'Address', width: 130, valueFormatter: (value: string | null) => value ?? '–' },
    {
      field: 'details',
      headerName: 'Details',
      width: 110,
      sortable: false,
      renderCell: ({ row }) => (
        <Button size="small" onClick={() => onDetails(row)} aria-label={`Details of ${row.action} at ${formatTime(row.at)}`}>
          Details
        </Button>
      ),
    },
  ];
}

/** The rows loaded so far, newest first; the page loads older ones on demand. */
export function AuditGrid({
  rows,
  loading,
  onDetails,
}: {
  rows: AuditEventFieldsFragment[];
  loading: boolean;
  onDetails: (event: AuditEventFieldsFragment) => void;
}) {
  return (
    <DataGrid
      aria-label="Audit events"
      rows={rows}
      columns={columns(onDetails)}
      getRowId={(row) => row.id}
      loading={loading}
      rowHeight={56}
      initialState={{ pagination: { paginationModel: { page: 0, pageSize: 100 } } }}
      pageSizeOptions={[25, 50, 100]}
      disableRowSelectionOnClick
      disableColumnFilter
      localeText={{ noRowsLabel: 'No audit rows match. Widen the filters or the time range.' }}
      sx={{ minHeight: 320 }}
    />
  );
}
