import { useEffect, useState } from 'react';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { matrixChunks, matrixQueryText, type Probe, type Selection } from './matrix';

/** The aliased answers of one matrix query: c0, c1, ... each a FileSelection. */
interface MatrixData {
  package: { name: string; version: ({ packageName: string; version: string } & Record<string, Selection | string>) | null } | null;
}
interface MatrixVariables {
  packageName: string;
  version: string;
}

export interface MatrixAnswers {
  /** Every probe's answer by alias, once all chunks have answered; null until then. */
  answers: Record<string, Selection> | null;
  error: unknown;
}

/**
 * Asks every probe, a query per chunk of at most MAX_ALIASES_PER_QUERY aliases (the service refuses more than 50),
 * all chunks at once, and merges the answers. The number of chunks depends on the manifest, so the queries are
 * sent with the client rather than one `useQuery` each; their shape is built here rather than by codegen.
 */
export function useMatrixAnswers(probes: readonly Probe[] | null, packageName: string, version: string): MatrixAnswers {
  const client = useApolloClient();
  const [state, setState] = useState<MatrixAnswers & { for: readonly Probe[] | null }>({ answers: null, error: null, for: null });

  useEffect(() => {
    if (!probes) return;
    let current = true;
    const queries = matrixChunks(probes).map((chunk) =>
      client.query({
        query: parse(matrixQueryText(chunk)) as TypedDocumentNode<MatrixData, MatrixVariables>,
        variables: { packageName, version },
      }),
    );
    Promise.all(queries).then(
      (results) => {
        if (!current) return;
        const answers: Record<string, Selection> = {};
        for (const result of results) {
          const error = result.error;
          if (error) {
            setState({ answers: null, error, for: probes });
            return;
          }
          Object.assign(answers, result.data?.package?.version ?? {});
        }
        setState({ answers, error: null, for: probes });
      },
      (error: unknown) => {
        if (current) setState({ answers: null, error, for: probes });
      },
    );
    return () => {
      current = false;
    };
  }, [client, probes, packageName, version]);

  // Answers to other probes (the manifest changed) are not shown while the new ones load.
  return state.for === probes ? { answers: state.answers, error: state.error } : { answers: null, error: null };
}
