import { useState } from 'react';
import { useMutation } from '@apollo/client/react';
import {
  Box, Button, Chip, Link, Stack, Tooltip,
} from '@mui/material';
import StarIcon from '@mui/icons-material/Star';
import { DataGrid, type GridColDef } from '@mui/x-data-grid';
import { graphql } from '../../gql';
import type { VersionRowFragment } from '../../gql/graphql';
import { useAccess } from '../../auth/access';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime } from '../../common/format';
import { ConfirmDialog } from '../../common/ConfirmDialog';
import { RoleTooltip } from '../../common/RoleTooltip';
import { StateChip } from './states';
import { bundleUrl, downloadWithToken } from './bundle';

export const VersionRow = graphql(`
  fragment VersionRow on PackageVersion {
    packageName
    version
    state
    isDefault
    createdBy
    createdAt
    publishedAt
    warnings
    manifest
  }
`);

export const PublishVersionMutation = graphql(`
  mutation PublishVersion($packageName: String!, $version: String!) {
    publishVersion(packageName: $packageName, version: $version) {
      ...VersionRow
    }
  }
`);

const SetDefaultVersionMutation = graphql(`
  mutation SetDefaultVersion($packageName: String!, $version: String!) {
    setDefaultVersion(packageName: $packageName, version: $version) {
      name
      defaultVersion
      versions {
        ...VersionRow
      }
    }
  }
`);

export const DeprecateVersionMutation = graphql(`
  mutation DeprecateVersion($packageName: String!, $version: String!) {
    deprecateVersion(packageName: $packageName, version: $version) {
      ...VersionRow
    }
  }
`);

interface Props {
  packageName: string;
  versions: VersionRowFragment[];
  /** The version the platform matrix shows. */
  selected: string | null;
  onSelect: (version: string) => void;
  /** Reads the package again: publishing the first version makes it the default, and so on. */
  onChanged: () => void;
}

/** The grid "Versions": state, default, who and when, warnings, and what can be done to each version. */
export function VersionsGrid({ packageName, versions, selected, onSelect, onChanged }: Props) {
  const canPublish = useAccess().can('PUBLISH');
  const [publish, publishing] = useMutation(PublishVersionMutation);
  const [setDefault, settingDefault] = useMutation(SetDefaultVersionMutation);
  const [deprecate, deprecating] = useMutation(DeprecateVersionMutation);
  // The error shows in the grid's ErrorNotice (the mutation's own state); success reads the package again.
  const then = (done: Promise<unknown>) => void done.then(onChanged, () => {});
  const [confirming, setConfirming] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const busy = publishing.loading || settingDefault.loading || deprecating.loading;
  const variables = (version: string) => ({ variables: { packageName, version } });

  const columns: GridColDef<VersionRowFragment>[] = [
    {
      field: 'version',
      headerName: 'Version',
      width: 170,
      // The default marker sits with the version, so the grid fits a laptop screen.
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <span>{row.version}</span>
          {row.isDefault && <Chip size="small" color="primary" icon={<StarIcon />} label="default" />}
        </Stack>
      ),
    },
    {
      field: 'state',
      headerName: 'State',
      width: 125,
      renderCell: ({ row }) => <StateChip state={row.state} />,
    },
    {
      field: 'createdAt',
      headerName: 'Created',
      width: 215,
      renderCell: ({ row }) => `${formatTime(row.createdAt)} by ${row.createdBy}`,
    },
    { field: 'publishedAt', headerName: 'Published', width: 160, valueFormatter: (value: string | null) => formatTime(value) },
    {
      field: 'warnings',
      headerName: 'Warnings',
      width: 105,
      sortable: false,
      renderCell: ({ row }) =>
        row.warnings.length === 0 ? (
          'none'
        ) : (
          <Tooltip title={<Box component="ul" sx={{ m: 0, pl: 2 }}>{row.warnings.map((w) => <li key={w}>{w}</li>)}</Box>}>
            <Chip size="small" color="warning" variant="outlined" label={`${row.warnings.length} warning${row.warnings.length === 1 ? '' : 's'}`} tabIndex={0} />
          </Tooltip>
        ),
    },
    {
      field: 'actions',
      headerName: 'Actions',
      minWidth: 440,
      flex: 1,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          {row.state !== 'PUBLISHED' && (
            <RoleTooltip allowed={canPublish}>
              <Button size="small" variant="contained" disabled={!canPublish || busy} onClick={() => then(publish(variables(row.version)))}>
                Publish version
              </Button>
            </RoleTooltip>
          )}
          {row.state === 'PUBLISHED' && !row.isDefault && (
            <RoleTooltip allowed={canPublish}>
              <Button size="small" variant="outlined" disabled={!canPublish || busy} onClick={() => then(setDefault(variables(row.version)))}>
                Set as default
              </Button>
            </RoleTooltip>
          )}
          {row.state === 'PUBLISHED' && (
            <RoleTooltip
              allowed={canPublish && !row.isDefault}
              title={canPublish ? 'The default version cannot be deprecated: set another version as default first' : undefined}
            >
              <Button size="small" color="warning" disabled={!canPublish || row.isDefault || busy} onClick={() => setConfirming(row.version)}>
                Deprecate
              </Button>
            </RoleTooltip>
          )}
          <Link
            href={bundleUrl(packageName, row.version)}
            download
            onClick={(event) => {
              event.preventDefault();
              const url = bundleUrl(packageName, row.version);
              setDownloadError(null);
              downloadWithToken(url, `${packageName}-${row.version}.zip`).then(
                (done) => {
                  if (!done) window.location.assign(url);
                },
                setDownloadError,
              );
            }}
          >
            Download bundle
          </Link>
          <Button size="small" disabled={selected === row.version} onClick={() => onSelect(row.version)}>
            Show matrix
          </Button>
        </Stack>
      ),
    },
  ];

  return (
    <>
      <ErrorNotice error={publishing.error ?? settingDefault.error ?? deprecating.error ?? downloadError} />
      <Box sx={{ height: Math.min(560, 112 + Math.max(1, versions.length) * 52) }}>
        <DataGrid
          aria-label="Versions"
          rows={versions}
          columns={columns}
          getRowId={(row) => row.version}
          getRowClassName={({ row }) => (row.version === selected ? 'matrix-version' : '')}
          disableRowSelectionOnClick
          hideFooter={versions.length <= 100}
          localeText={{ noRowsLabel: 'No versions yet.' }}
          sx={{ '& .matrix-version': { bgcolor: 'action.selected' } }}
        />
      </Box>
      <ConfirmDialog
        open={confirming !== null}
        title={`Deprecate version ${confirming ?? ''}?`}
        confirmLabel="Deprecate"
        keepLabel="Cancel"
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          const version = confirming;
          setConfirming(null);
          if (version) then(deprecate(variables(version)));
        }}
      >
        Hosts that have it keep it, but new deployments can no longer choose it. Publishing it again undoes this.
      </ConfirmDialog>
    </>
  );
}
