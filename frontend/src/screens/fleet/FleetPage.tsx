import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Stack, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { GridPaginationModel, GridRowSelectionModel } from '@mui/x-data-grid';
import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { TargetFilterInput } from '../../gql/graphql';
import { PageHeader } from '../../common/PageHeader';
import { ErrorNotice } from '../../common/ErrorNotice';
import { ActivationDialog } from './ActivationDialog';
import { AdminButton } from './AdminButton';
import { applyTargetEvents, mayChangeCount, newestPerTarget, type FleetEvent } from './applyTargetEvents';
import { TagDialog } from './TagDialog';
import { TargetFilters } from './TargetFilters';
import { emptyTargetFilterForm, toTargetFilter, type TargetFilterForm } from './targetFilter';
import { TargetsGrid, toTargetRow } from './TargetsGrid';
import { useDebounced } from '../../common/useDebounced';
import { useTargetEventStream } from './useTargetEventStream';

const TargetsQuery = graphql(`
  query Targets($filter: TargetFilterInput, $first: Int, $after: String) {
    targets(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...TargetRowFields
        }
      }
    }
  }
`);

const noSelection: GridRowSelectionModel = { type: 'include', ids: new Set() };

/** How long the fleet's count may lag a registration before the page is read again. */
const RECOUNT_DELAY_MS = 1000;

export function FleetPage() {
  const [form, setForm] = useState<TargetFilterForm>(emptyTargetFilterForm);
  const parsed = useMemo(() => toTargetFilter(form), [form]);
  const [filter, setFilter] = useState<TargetFilterInput>({});
  const typed = useDebounced(parsed, 400);
  useEffect(() => {
    if (typed.ok) {
      setFilter((previous) => (JSON.stringify(previous) === JSON.stringify(typed.filter) ? previous : typed.filter));
    }
  }, [typed]);

  const filterKey = JSON.stringify(filter);
  // Pages belong to one filter and page size: a new filter starts again at the first page, in the same render.
  const [paging, setPaging] = useState({ filterKey, page: 0, pageSize: 50 });
  const currentPage = paging.filterKey === filterKey ? paging.page : 0;
  const pagination: GridPaginationModel = useMemo(
    () => ({ page: currentPage, pageSize: paging.pageSize }),
    [currentPage, paging.pageSize],
  );
  // The cursor each page starts after: the connection is cursor-based, so pages are reached one by one.
  const cursors = useRef(new Map<string, string>());
  const cursorKey = (page: number) => `${filterKey}|${pagination.pageSize}|${page}`;
  const [selection, setSelection] = useState<GridRowSelectionModel>(noSelection);
  const [dialog, setDialog] = useState<'tag' | 'untag' | 'activation' | null>(null);
  useEffect(() => setSelection(noSelection), [filterKey]);

  const { data, previousData, loading, error, refetch } = useQuery(TargetsQuery, {
    variables: {
      filter: Object.keys(filter).length > 0 ? filter : null,
      first: pagination.pageSize,
      after: pagination.page === 0 ? null : (cursors.current.get(cursorKey(pagination.page)) ?? null),
    },
  });
  if (data?.targets.pageInfo.endCursor) {
    cursors.current.set(cursorKey(pagination.page + 1), data.targets.pageInfo.endCursor);
  }
  const connection = (data ?? previousData)?.targets;

  // Fleet events since the stream began, newest per target, for this filter only.
  const [live, setLive] = useState<{ key: string; events: Map<string, FleetEvent> }>({ key: filterKey, events: new Map() });
  const recount = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(recount.current), []);
  const refetchSoon = useCallback(() => {
    clearTimeout(recount.current);
    recount.current = setTimeout(() => void refetch().catch(() => undefined), RECOUNT_DELAY_MS);
  }, [refetch]);

  const baseRows = useMemo(() => (connection?.edges ?? []).map((edge) => toTargetRow(edge.node)), [connection]);
  const page = useMemo(
    () =>
      applyTargetEvents(
        { rows: baseRows, isFirstPage: pagination.page === 0, hasNextPage: connection?.pageInfo.hasNextPage ?? false },
        live.key === filterKey ? live.events.values() : [],
        filter,
      ),
    [baseRows, connection, live, filterKey, filter, pagination.page],
  );
  const rowsRef = useRef(page.rows);
  rowsRef.current = page.rows;

  const streamError = useTargetEventStream(filter, {
    onFreshStart: () => {
      // The list must be read after the stream's snapshot; the events after it are applied on top.
      setLive({ key: filterKey, events: new Map() });
      void refetch().catch(() => undefined);
    },
    onEvents: (events) => {
      setLive((previous) => ({
        key: filterKey,
        events: newestPerTarget(previous.key === filterKey ? previous.events : new Map(), events),
      }));
      if (events.some((event) => mayChangeCount(event, filter, rowsRef.current))) {
        refetchSoon();
      }
    },
  });

  const selectedIds =
    selection.type === 'include'
      ? [...selection.ids].map(String)
      : page.rows.map((row) => row.instanceId).filter((id) => !selection.ids.has(id));
  const noneSelected = selectedIds.length === 0 ? 'Select targets first' : null;

  return (
    <>
      <PageHeader
        title="Fleet"
        subtitle={
          connection
            ? `${connection.totalCount} target${connection.totalCount === 1 ? '' : 's'}; online state and changes update live.`
            : 'Targets, their facts, tags and installed packages.'
        }
        actions={
          <AdminButton variant="contained" startIcon={<AddIcon />} onClick={() => setDialog('activation')}>
            New activation
          </AdminButton>
        }
      />
      <TargetFilters
        form={form}
        errors={parsed.ok ? {} : parsed.errors}
        onChange={setForm}
        onSubmit={() => {
          if (parsed.ok) {
            setFilter(parsed.filter);
          }
        }}
      />
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <AdminButton onClick={() => setDialog('tag')} blockedBecause={noneSelected}>
          Tag selected
        </AdminButton>
        <AdminButton onClick={() => setDialog('untag')} blockedBecause={noneSelected}>
          Untag selected
        </AdminButton>
        <Typography variant="body2" color="text.secondary" aria-live="polite">
          {selectedIds.length > 0 && `${selectedIds.length} selected`}
        </Typography>
      </Stack>
      <ErrorNotice error={error} title="The targets could not be read" />
      <ErrorNotice error={streamError} title="Live updates stopped" />
      <TargetsGrid
        rows={page.rows}
        rowCount={connection?.totalCount ?? 0}
        loading={loading && !connection}
        paginationModel={pagination}
        onPaginationModelChange={(next) => {
          setPaging({ filterKey, page: next.pageSize === pagination.pageSize ? next.page : 0, pageSize: next.pageSize });
        }}
        selection={selection}
        onSelectionChange={setSelection}
      />
      {(dialog === 'tag' || dialog === 'untag') && (
        <TagDialog
          mode={dialog}
          instanceIds={selectedIds}
          onClose={(changed) => {
            setDialog(null);
            if (changed) {
              setSelection(noSelection);
            }
          }}
        />
      )}
      {dialog === 'activation' && <ActivationDialog onClose={() => setDialog(null)} />}
    </>
  );
}
