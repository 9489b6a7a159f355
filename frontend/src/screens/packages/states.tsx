import { Chip } from '@mui/material';
import type { VersionState } from '../../gql/graphql';

const colors: Record<VersionState, 'default' | 'success' | 'warning'> = {
  DRAFT: 'default',
  PUBLISHED: 'success',
  DEPRECATED: 'warning',
};

/** A version's state as a small coloured chip: DRAFT grey, PUBLISHED green, DEPRECATED amber. */
export function StateChip({ state }: { state: VersionState }) {
  return <Chip size="small" label={state} color={colors[state]} variant={state === 'DRAFT' ? 'outlined' : 'filled'} />;
}
