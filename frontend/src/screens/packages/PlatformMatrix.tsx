import { useMemo } from 'react';
import { useQuery } from '@apollo/client/react';
import {
  Box, Paper, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../common/ErrorNotice';
import { cellText, manifestPackages, matrixArchitectures, matrixPlatforms, matrixProbes, matrixRows } from './matrix';
import { useMatrixAnswers } from './useMatrixAnswers';

export const PlatformsQuery = graphql(`
  query Platforms {
    platforms {
      code
      displayName
      architectures
      note
    }
  }
`);

/**
 * The table "Platform matrix": a row per platform, a column per architecture, each cell the file a
 * host of that kind gets from this version (the service's fileFor, the rule rollouts use), or "—";
 * the service's reason shows on hover or focus. The cells come from a few queries (at most 45 aliases each), never a
 * request per cell.
 */
export function PlatformMatrix({ packageName, version, manifest }: { packageName: string; version: string; manifest: string }) {
  const platformsResult = useQuery(PlatformsQuery);
  const table = platformsResult.data?.platforms;
  const layout = useMemo(() => {
    if (!table) return null;
    const packages = manifestPackages(manifest);
    const platforms = matrixPlatforms(table, packages);
    const archs = matrixArchitectures(table, packages);
    const probes = matrixProbes(platforms, archs, packages);
    return { platforms, archs, probes };
  }, [table, manifest]);

  const matrix = useMatrixAnswers(layout?.probes ?? null, packageName, version);
  const error = platformsResult.error ?? matrix.error;
  const answers = matrix.answers;

  if (error) {
    return <ErrorNotice error={error} title="The platform matrix could not be loaded" />;
  }
  if (!layout || !answers) {
    return <Skeleton variant="rectangular" height={240} aria-label="Loading the platform matrix" />;
  }
  const rows = matrixRows(layout.platforms, layout.archs, layout.probes, answers);
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Platform matrix">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">Platform</TableCell>
            {layout.archs.map((arch) => (
              <TableCell key={arch} component="th" scope="col">{arch}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.code}>
              <TableCell component="th" scope="row">
                <Typography variant="body2" sx={{ fontWeight: 600 }}>{row.code}</Typography>
                <Typography variant="caption" color="text.secondary">{row.displayName}</Typography>
              </TableCell>
              {row.cells.map((cell) => (
                <TableCell key={cell.arch}>
                  {!cell.listed && (
                    <Tooltip title={`${row.code} does not list ${cell.arch}: no such host exists`}>
                      <Box component="span" tabIndex={0} sx={{ fontFamily: 'monospace', fontSize: 13, color: 'text.secondary' }}>
                        —
                      </Box>
                    </Tooltip>
                  )}
                  {cell.entries.map((entry) => (
                    <Box key={entry.versionKey}>
                      <Tooltip title={entry.selection?.reason ?? 'No answer from the service'}>
                        <Box
                          component="span"
                          tabIndex={0}
                          sx={{ fontFamily: 'monospace', fontSize: 13, color: entry.selection?.found ? 'text.primary' : 'text.secondary' }}
                        >
                          {cell.entries.length > 1 && `${entry.versionKey}: `}
                          {cellText(entry.selection)}
                        </Box>
                      </Tooltip>
                    </Box>
                  ))}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
