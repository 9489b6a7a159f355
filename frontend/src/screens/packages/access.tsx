import type { ReactElement } from 'react';
import { Tooltip } from '@mui/material';

/** What the tooltip of a control needing PUBLISH says to someone without it. */
export const needsPublisher = 'Needs the publisher role (PUBLISH permission)';

/**
 * Wraps a control that is disabled for lack of a permission: a disabled button fires no events,
 * so the tooltip hangs on a span around it that stays focusable and says which role is needed.
 */
export function RoleTooltip({ allowed, title = needsPublisher, children }: { allowed: boolean; title?: string; children: ReactElement }) {
  if (allowed) {
    return children;
  }
  return (
    <Tooltip title={title}>
      <span tabIndex={0} style={{ display: 'inline-flex' }}>{children}</span>
    </Tooltip>
  );
}
