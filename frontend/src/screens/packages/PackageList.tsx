import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Box, Button, Link, Paper, Stack, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { graphql } from '../../gql';
import type { PackageListRowFragment } from '../../gql/graphql';
import { useAccess } from '../../auth/access';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime, fromNow } from '../../common/format';
import { RoleTooltip } from '../../common/RoleTooltip';
import { StateChip } from './states';

export const PackageListRow = graphql(`
  fragment PackageListRow on Package {
    name
    description
    defaultVersion
    publisher
    updatedAt
    versions {
      packageName
      version
      state
    }
  }
`);

export const PackageListQuery = graphql(`
  query PackageList($filter: PackageFilterInput, $first: Int) {
    packages(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          ...PackageListRow
        }
      }
    }
  }
`);

/** The list filter accepts only what package names are made of (Names.namePrefix). */
const namePrefixPattern = /^[A-Za-z0-9_.-]{0,128}$/;
const pageSize = 500;

const columns: GridColDef<PackageListRowFragment>[] = [
  {
    field: 'name',
    headerName: 'Name',
    flex: 1,
    minWidth: 180,
    renderCell: ({ row }) => (
      <Link component={RouterLink} to={`/packages/${encodeURIComponent(row.name)}`}>
        {row.name}
      </Link>
    ),
  },
  { field: 'defaultVersion', headerName: 'Default version', width: 150, valueGetter: (_v, row) => row.defaultVersion ?? '–' },
  {
    field: 'latestState',
    headerName: 'Latest version',
    width: 200,
    sortable: false,
    // Versions come newest first.
    renderCell: ({ row }) => {
      const latest = row.versions?.[0];
      return latest ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <span>{latest.version}</span>
          <StateChip state={latest.state} />
        </Stack>
      ) : (
        'no versions yet'
      );
    },
  },
  { field: 'publisher', headerName: 'Publisher', width: 160, valueGetter: (_v, row) => row.publisher ?? '–' },
  {
    field: 'updatedAt',
    headerName: 'Updated',
    width: 170,
    renderCell: ({ row }) => <span title={formatTime(row.updatedAt)}>{fromNow(row.updatedAt)}</span>,
  },
];

/** `/packages`: every package, searchable by the start of its name (filtered by the service). */
export function PackageList() {
  const access = useAccess();
  const canPublish = access.can('PUBLISH');
  const [search, setSearch] = useState('');
  const prefix = useDebounced(search.trim(), 300);
  const searchValid = namePrefixPattern.test(search.trim());
  const { data, loading, error } = useQuery(PackageListQuery, {
    variables: { filter: prefix ? { namePrefix: prefix } : null, first: pageSize },
    skip: !namePrefixPattern.test(prefix),
  });
  const rows = data?.packages.edges.map((e) => e.node) ?? [];
  const total = data?.packages.totalCount;

  return (
    <>
      <PageHeader
        title="Packages"
        subtitle="Software you can deploy: each package has versions, and each version one zip per platform and architecture."
        actions={
          <RoleTooltip allowed={canPublish}>
            <Button variant="contained" startIcon={<AddIcon />} component={RouterLink} to="/packages/new" disabled={!canPublish}>
              New package
            </Button>
          </RoleTooltip>
        }
      />
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <TextField
          label="Search packages"
          placeholder="Start of a name"
          size="small"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          error={!searchValid}
          helperText={searchValid ? ' ' : "Names hold only letters, digits, '_', '.' and '-'."}
          sx={{ width: 320 }}
        />
        {total !== undefined && (
          <Typography color="text.secondary" sx={{ pb: 2.5 }}>
            {total === 1 ? '1 package' : `${total} packages`}
          </Typography>
        )}
      </Stack>
      <ErrorNotice error={error} title="The packages could not be loaded" />
      {!loading && !error && data && rows.length === 0 ? (
        <Paper variant="outlined" sx={{ p: 4, textAlign: 'center' }}>
          <Typography variant="h6" component="p">
            {prefix ? `No package name starts with “${prefix}”.` : 'No packages yet.'}
          </Typography>
          <Typography color="text.secondary" sx={{ mt: 1 }}>
            {prefix
              ? 'Try a shorter search.'
              : canPublish
                ? 'Create one with “New package”: drop an installer and tick the platforms it is for.'
                : 'A publisher creates packages; once there is one, it shows here.'}
          </Typography>
        </Paper>
      ) : (
        <Box sx={{ height: 560 }}>
          <DataGrid
            aria-label="Packages"
            rows={rows}
            columns={columns}
            getRowId={(row) => row.name}
            loading={loading && !data}
            disableRowSelectionOnClick
            pageSizeOptions={[25, 50, 100]}
            initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
          />
        </Box>
      )}
    </>
  );
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    if (Object.is(value, debounced)) {
      return undefined;
    }
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, debounced, delayMs]);
  return debounced;
}
