import { Chip, Stack, Tooltip, Typography } from '@mui/material';
import { DataGrid, type GridColDef, type GridPaginationModel, type GridRowSelectionModel } from '@mui/x-data-grid';
import { graphql } from '../../gql';
import type { TargetRowFieldsFragment } from '../../gql/graphql';
import { formatTime, fromNow } from '../../common/format';
import type { TargetRow } from './applyTargetEvents';

export const TargetRowFields = graphql(`
  fragment TargetRowFields on Target {
    instanceId
    name
    driver
    platform
    platformVersion
    arch
    account
    region
    online
    lastSeen
    tags {
      key
      value
    }
    installedPackages {
      packageName
      version
      state
    }
  }
`);

export function toTargetRow(target: TargetRowFieldsFragment): TargetRow {
  return {
    instanceId: target.instanceId,
    name: target.name,
    driver: target.driver,
    platform: target.platform,
    platformVersion: target.platformVersion,
    arch: target.arch,
    account: target.account,
    region: target.region,
    online: target.online,
    lastSeen: target.lastSeen ?? null,
    tags: target.tags.map(({ key, value }) => ({ key, value })),
    installed: (target.installedPackages ?? []).map(({ packageName, version, state }) => ({ packageName, version, state })),
  };
}

const columns: GridColDef<TargetRow>[] = [
  { field: 'name', headerName: 'Name', minWidth: 140, flex: 1 },
  { field: 'instanceId', headerName: 'Instance ID', minWidth: 190 },
  { field: 'driver', headerName: 'Driver', width: 90, valueFormatter: (value: TargetRow['driver']) => value ?? '–' },
  {
    field: 'platform',
    headerName: 'Platform',
    width: 140,
    valueGetter: (_value, row) => `${row.platform} ${row.platformVersion}`,
  },
  { field: 'arch', headerName: 'Arch', width: 90 },
  { field: 'account', headerName: 'Account', width: 130 },
  { field: 'region', headerName: 'Region', width: 120 },
  {
    field: 'tags',
    headerName: 'Tags',
    minWidth: 180,
    flex: 1,
    sortable: false,
    renderCell: ({ row }) => (
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%', overflow: 'hidden' }}>
        {row.tags.map((tag) => (
          <Chip key={tag.key} size="small" variant="outlined" label={`${tag.key}=${tag.value}`} />
        ))}
      </Stack>
    ),
  },
  {
    field: 'online',
    headerName: 'Online',
    width: 100,
    renderCell: ({ row }) => (
      <Chip size="small" color={row.online ? 'success' : 'default'} label={row.online ? 'Online' : 'Offline'} />
    ),
  },
  {
    field: 'lastSeen',
    headerName: 'Last seen',
    width: 140,
    renderCell: ({ row }) => (
      <Tooltip title={formatTime(row.lastSeen)} describeChild>
        <span>{fromNow(row.lastSeen)}</span>
      </Tooltip>
    ),
  },
  {
    field: 'installed',
    headerName: 'Installed packages',
    minWidth: 200,
    flex: 1,
    sortable: false,
    renderCell: ({ row }) =>
      row.installed.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ lineHeight: 'inherit' }}>
          none
        </Typography>
      ) : (
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%', overflow: 'hidden' }}>
          {row.installed.map((p) => (
            <Chip
              key={p.packageName}
              size="small"
              color={p.state === 'BROKEN' ? 'error' : 'default'}
              label={`${p.packageName}@${p.version}${p.state === 'BROKEN' ? ' (broken)' : ''}`}
            />
          ))}
        </Stack>
      ),
  },
];

export interface TargetsGridProps {
  rows: TargetRow[];
  rowCount: number;
  loading: boolean;
  paginationModel: GridPaginationModel;
  onPaginationModelChange: (model: GridPaginationModel) => void;
  selection: GridRowSelectionModel;
  onSelectionChange: (selection: GridRowSelectionModel) => void;
}

/** The fleet, a page at a time from the service (ordered by instance id); rows change as fleet events come. */
export function TargetsGrid(props: TargetsGridProps) {
  return (
    <DataGrid
      aria-label="Targets"
      rows={props.rows}
      columns={columns}
      getRowId={(row) => row.instanceId}
      loading={props.loading}
      paginationMode="server"
      rowCount={props.rowCount}
      paginationModel={props.paginationModel}
      onPaginationModelChange={props.onPaginationModelChange}
      pageSizeOptions={[25, 50, 100]}
      checkboxSelection
      keepNonExistentRowsSelected
      rowSelectionModel={props.selection}
      onRowSelectionModelChange={props.onSelectionChange}
      disableColumnFilter
      disableColumnSorting
      localeText={{ noRowsLabel: 'No targets match. Clear the filters, or create an activation and install the agent on a host.' }}
      sx={{ minHeight: 320 }}
    />
  );
}
