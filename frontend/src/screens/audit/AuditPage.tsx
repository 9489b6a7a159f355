import { useEffect, useMemo, useState } from 'react';
import { Alert, Box, Button, Skeleton } from '@mui/material';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { AuditEventFieldsFragment, AuditFilterInput } from '../../gql/graphql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { serviceErrors } from '../../common/errors';
import { useAccess, ViewerQuery } from '../../auth/access';
import { AuditFilters } from './AuditFilters';
import { AuditGrid } from './AuditGrid';
import { DetailsDialog } from './DetailsDialog';
import { emptyAuditFilterForm, toAuditFilter, type AuditFilterForm } from './auditFilter';
import { useDebounced } from '../../common/useDebounced';

const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditFilterInput, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AuditEventFields
        }
      }
    }
  }
`);

const PAGE_SIZE = 50;

const needsAdmin = (
  <Alert severity="info">
    The audit trail needs the admin role: its rows name people and their addresses. Ask an administrator if you need to
    see who changed what.
  </Alert>
);

export function AuditPage() {
  const access = useAccess();
  // Read from the cache the AccessProvider fills, so the page knows when the roles are known (no flash of the notice).
  const viewer = useQuery(ViewerQuery, { fetchPolicy: 'cache-only' }).data?.viewer;
  const isAdmin = access.can('ADMIN');
  return (
    <>
      <PageHeader title="Audit trail" subtitle="Every change and every refused attempt, newest first." />
      {!viewer ? <Skeleton variant="rectangular" height={320} /> : isAdmin ? <AuditTrail /> : needsAdmin}
    </>
  );
}

function AuditTrail() {
  const [form, setForm] = useState<AuditFilterForm>(emptyAuditFilterForm);
  const parsed = useMemo(() => toAuditFilter(form), [form]);
  const settled = useDebounced(parsed, 400);
  const [filter, setFilter] = useState<AuditFilterInput>({});
  useEffect(() => {
    if (settled.ok) {
      setFilter((previous) => (JSON.stringify(previous) === JSON.stringify(settled.filter) ? previous : settled.filter));
    }
  }, [settled]);
  const [details, setDetails] = useState<AuditEventFieldsFragment | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const { data, previousData, loading, error, fetchMore } = useQuery(AuditEventsQuery, {
    variables: { filter: Object.keys(filter).length > 0 ? filter : null, first: PAGE_SIZE, after: null },
  });
  const connection = (data ?? previousData)?.auditEvents;
  const rows = useMemo(() => (connection?.edges ?? []).map((edge) => edge.node), [connection]);

  const loadMore = async () => {
    if (!connection?.pageInfo.endCursor) {
      return;
    }
    setLoadingMore(true);
    setMoreError(null);
    try {
      await fetchMore({
        variables: { after: connection.pageInfo.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          auditEvents: {
            ...fetchMoreResult.auditEvents,
            edges: [...previous.auditEvents.edges, ...fetchMoreResult.auditEvents.edges],
          },
        }),
      });
    } catch (failure) {
      setMoreError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  // The API decides: a FORBIDDEN here (roles changed since sign-in) gets the same notice as above.
  if (serviceErrors(error).some((e) => e.code === 'FORBIDDEN')) {
    return needsAdmin;
  }
  return (
    <>
      <AuditFilters form={form} errors={parsed.ok ? {} : parsed.errors} onChange={setForm} />
      <ErrorNotice error={error} title="The audit trail could not be read" />
      <AuditGrid rows={rows} loading={loading && !connection} onDetails={setDetails} />
      <ErrorNotice error={moreError} title="Older rows could not be read" />
      {connection?.pageInfo.hasNextPage && (
        <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2 }}>
          <Button variant="outlined" onClick={() => void loadMore()} disabled={loadingMore}>
            Load more
          </Button>
        </Box>
      )}
      {details && <DetailsDialog event={details} onClose={() => setDetails(null)} />}
    </>
  );
}
