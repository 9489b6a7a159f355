import { useMemo } from 'react';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import {
  Box, Paper, Skeleton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography,
} from '@mui/material';
import { graphql } from '../../gql';
import { ErrorNotice } from '../../common/ErrorNotice';
import {
  cellText, manifestPackages, matrixArchitectures, matrixPlatforms, matrixProbes, matrixQueryText, matrixRows,
  type Selection,
} from './matrix';

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

/** The aliased answers of the matrix query: c0, c1, ... each a FileSelection. */
interface MatrixData {
  package: { name: string; version: ({ packageName: string; version: string } & Record<string, Selection | string>) | null } | null;
}
interface MatrixVariables {
  packageName: string;
  version: string;
}

/**
 * The table "Platform matrix": a row per platform, a column per architecture, each cell the file a
 * host of that kind gets from this version (the service's fileFor, the rule rollouts use), or "—";
 * the service's reason shows on hover or focus. All cells come from one query.
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
    // The query's shape depends on the manifest, so it is built here rather than by codegen; its
    // result type is written out above.
    const document = parse(matrixQueryText(probes)) as TypedDocumentNode<MatrixData, MatrixVariables>;
    return { platforms, archs, probes, document };
  }, [table, manifest]);

  const matrixResult = useQuery(layout?.document ?? PlaceholderQuery, {
    variables: { packageName, version },
    skip: !layout,
  });
  const error = platformsResult.error ?? matrixResult.error;
  const answers = (matrixResult.data as MatrixData | undefined)?.package?.version ?? null;

  if (error) {
    return <ErrorNotice error={error} title="The platform matrix could not be loaded" />;
  }
  if (!layout || (!answers && matrixResult.loading)) {
    return <Skeleton variant="rectangular" height={240} aria-label="Loading the platform matrix" />;
  }
  const rows = matrixRows(layout.platforms, layout.archs, layout.probes, (answers ?? {}) as Record<string, Selection>);
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

/** Stands in while the platforms load (the query is skipped then, so it never runs). */
const PlaceholderQuery = parse(matrixQueryText([])) as TypedDocumentNode<MatrixData, MatrixVariables>;
