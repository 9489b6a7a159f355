import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { useMutation } from '@apollo/client/react';
import { Alert, Box, Button, Link, Paper, Stack, Typography } from '@mui/material';
import { graphql } from '../../gql';
import type { GeneratedVersionFragment, VersionState } from '../../gql/graphql';
import { useAccess } from '../../auth/access';
import { ErrorNotice } from '../../common/ErrorNotice';
import { formatBytes } from '../../common/format';
import { RoleTooltip } from '../../common/RoleTooltip';
import { StateChip } from './states';
import { PublishVersionMutation } from './VersionsGrid';

export const GeneratedVersion = graphql(`
  fragment GeneratedVersion on PackageVersion {
    packageName
    version
    state
    isDefault
    manifest
    warnings
    files {
      name
      platforms
      size
      sha256
      scripts
      scriptSources {
        name
        content
        truncated
      }
    }
  }
`);

/** `/deploy` prefilled with this version (the deploy screen reads these parameters). */
export function deployLink(packageName: string, version: string): string {
  return `/deploy?${new URLSearchParams({ package: packageName, version }).toString()}`;
}

/**
 * A version just created, to review before publishing: the manifest, each zip's scripts as hosts
 * will run them, and the warnings; then "Publish version", and a way on to deploying it.
 */
export function VersionReview({ version, warnings, heading }: { version: GeneratedVersionFragment; warnings: readonly string[]; heading: string }) {
  const canPublish = useAccess().can('PUBLISH');
  const [state, setState] = useState<VersionState>(version.state);
  const [publish, publishing] = useMutation(PublishVersionMutation);
  const allWarnings = [...new Set([...warnings, ...version.warnings])];

  return (
    <Paper variant="outlined" sx={{ p: 3, mt: 3 }} component="section" aria-labelledby="review-heading">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h2" id="review-heading" sx={{ fontSize: 22, fontWeight: 600 }}>
          {heading}
        </Typography>
        <Typography color="text.secondary">
          {version.packageName} {version.version}
        </Typography>
        <StateChip state={state} />
      </Stack>
      {allWarnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          <strong>Check before publishing:</strong>
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {allWarnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </Box>
        </Alert>
      )}
      {(version.files ?? []).map((file) => (
        <Box key={file.name} sx={{ mb: 3 }}>
          <Typography variant="h3" sx={{ fontSize: 17, fontWeight: 600 }}>
            {file.name}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            For {file.platforms.join(', ') || 'no platform'} · {formatBytes(file.size)} · sha256 {file.sha256}
          </Typography>
          {(file.scriptSources ?? []).length === 0 && (
            <Typography variant="body2">Scripts: {file.scripts.join(', ') || 'none'}</Typography>
          )}
          {(file.scriptSources ?? []).map((script) => (
            <Box key={script.name} sx={{ mt: 1 }}>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {script.name}
                {script.truncated && ' (longer than 256 KiB: only its start is shown)'}
              </Typography>
              {/* Focusable: a long script scrolls, and keyboard users must reach it. */}
              <Box component="pre" tabIndex={0} sx={preStyle}>
                {script.content}
              </Box>
            </Box>
          ))}
        </Box>
      ))}
      <Typography variant="h3" sx={{ fontSize: 17, fontWeight: 600 }}>
        Manifest
      </Typography>
      <Box component="pre" tabIndex={0} sx={preStyle}>
        {prettyJson(version.manifest)}
      </Box>
      <ErrorNotice error={publishing.error} title="Not published" />
      <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
        {state !== 'PUBLISHED' && (
          <RoleTooltip allowed={canPublish}>
            <Button
              variant="contained"
              disabled={!canPublish || publishing.loading}
              onClick={() =>
                void publish({ variables: { packageName: version.packageName, version: version.version } }).then(
                  ({ data }) => data && setState(data.publishVersion.state),
                  () => {},
                )
              }
            >
              Publish version
            </Button>
          </RoleTooltip>
        )}
        {state === 'PUBLISHED' && (
          <Link component={RouterLink} to={deployLink(version.packageName, version.version)}>
            Deploy this version
          </Link>
        )}
        <Link component={RouterLink} to={`/packages/${encodeURIComponent(version.packageName)}`}>
          Open the package
        </Link>
      </Stack>
    </Paper>
  );
}

const preStyle = {
  fontFamily: 'monospace',
  fontSize: 13,
  bgcolor: 'grey.100',
  p: 1.5,
  borderRadius: 1,
  overflow: 'auto',
  maxHeight: 360,
  m: 0,
  mt: 0.5,
} as const;

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
