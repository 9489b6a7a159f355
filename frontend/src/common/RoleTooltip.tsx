import type { ReactElement } from 'react';
import { Tooltip } from '@mui/material';

/** What the tooltip of a control says to someone whose roles lack its permission. */
export const needsPublisher = 'Needs the publisher role (PUBLISH permission)';
export const needsDeployer = 'Needs the deployer role (DEPLOY permission)';
export const needsAdmin = 'Needs the admin role (ADMIN permission)';

/**
 * Wraps a control that may be disabled for lack of a permission: a disabled button fires no events,
 * so the tooltip hangs on a span around it, focusable while the control is disabled, that says
 * which role is needed. The span is always there, so the control is not remounted when access
 * arrives (the viewer query answers after the first render).
 */
export function RoleTooltip({ allowed, title = needsPublisher, children }: { allowed: boolean; title?: string; children: ReactElement }) {
  return (
    <Tooltip title={allowed ? '' : title}>
      <span tabIndex={allowed ? undefined : 0} style={{ display: 'inline-flex' }}>
        {children}
      </span>
    </Tooltip>
  );
}
