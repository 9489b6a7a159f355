import { useEffect, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useQuery } from '@apollo/client/react';
import { Box, Button, Chip, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import { graphql } from '../../gql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatTime } from '../../common/format';
import { VersionsGrid } from './VersionsGrid';
import { PlatformMatrix } from './PlatformMatrix';

export const PackageDetailQuery = graphql(`
  query PackageDetail($name: String!) {
    package(name: $name) {
      name
      description
      publisher
      defaultVersion
      archived
      createdAt
      updatedAt
      tags {
        key
        value
      }
      versions {
        ...VersionRow
      }
    }
  }
`);

/** `/packages/:name`: the package, its versions with their actions, and which file serves which platform. */
export function PackageDetail() {
  const name = useParams().name ?? '';
  const { data, loading, error, refetch } = useQuery(PackageDetailQuery, { variables: { name } });
  const pkg = data?.package;
  const versions = pkg?.versions ?? [];
  // The matrix shows the version picked in the grid; until then the default, else the newest.
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => setPicked(null), [name]);
  const matrixVersion =
    (picked && versions.some((v) => v.version === picked) ? picked : null) ?? pkg?.defaultVersion ?? versions[0]?.version ?? null;

  if (loading && !data) {
    return (
      <>
        <PageHeader title={name} />
        <LinearProgress aria-label="Loading package" />
      </>
    );
  }
  if (error && !data) {
    return (
      <>
        <PageHeader title={name} />
        <ErrorNotice error={error} title="The package could not be loaded" />
      </>
    );
  }
  if (!pkg) {
    return (
      <>
        <PageHeader title={name} />
        <Paper variant="outlined" sx={{ p: 4 }}>
          <Typography>There is no package called “{name}”.</Typography>
          <Button component={RouterLink} to="/packages" sx={{ mt: 2 }}>
            Back to packages
          </Button>
        </Paper>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={pkg.name}
        subtitle={pkg.description ?? 'No description.'}
      />
      <Stack direction="row" spacing={1} useFlexGap sx={{ mb: 3, flexWrap: 'wrap', alignItems: 'center' }}>
        {pkg.archived && <Chip label="archived" color="warning" size="small" />}
        <Typography variant="body2" color="text.secondary">
          Publisher: {pkg.publisher ?? '–'} · Default version: {pkg.defaultVersion ?? 'none yet'} · Created {formatTime(pkg.createdAt)} · Updated{' '}
          {formatTime(pkg.updatedAt)}
        </Typography>
        {pkg.tags.length > 0 && (
        <Box component="ul" aria-label="Tags" sx={{ display: 'flex', gap: 1, p: 0, m: 0, listStyle: 'none' }}>
          {pkg.tags.map((tag) => (
            <li key={`${tag.key}=${tag.value}`}>
              <Chip size="small" variant="outlined" label={tag.value ? `${tag.key}=${tag.value}` : tag.key} />
            </li>
          ))}
        </Box>
        )}
      </Stack>
      <ErrorNotice error={error} />
      <Typography variant="h2" sx={{ fontSize: 20, fontWeight: 600, mb: 1 }}>
        Versions
      </Typography>
      <VersionsGrid
        packageName={pkg.name}
        versions={versions}
        selected={matrixVersion}
        onSelect={setPicked}
        onChanged={() => void refetch().catch(() => {})}
      />
      <Typography variant="h2" sx={{ fontSize: 20, fontWeight: 600, mt: 4, mb: 1 }}>
        Platform matrix{matrixVersion ? ` of version ${matrixVersion}` : ''}
      </Typography>
      {matrixVersion ? (
        <PlatformMatrix
          packageName={pkg.name}
          version={matrixVersion}
          manifest={versions.find((v) => v.version === matrixVersion)?.manifest ?? '{}'}
        />
      ) : (
        <Typography color="text.secondary">No versions yet: add one, and this shows which file each platform gets.</Typography>
      )}
    </>
  );
}
