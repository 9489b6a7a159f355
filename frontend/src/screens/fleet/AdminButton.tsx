import type { ReactNode } from 'react';
import { Button, Tooltip } from '@mui/material';
import { useAccess } from '../../auth/access';

/**
 * A button for an admin-only change: disabled, with a tooltip saying so, for other roles (the API
 * refuses them anyway). `blockedBecause` disables it for another reason, shown the same way.
 */
export function AdminButton({
  children,
  onClick,
  blockedBecause,
  variant = 'outlined',
  startIcon,
}: {
  children: ReactNode;
  onClick: () => void;
  blockedBecause?: string | null;
  variant?: 'outlined' | 'contained';
  startIcon?: ReactNode;
}) {
  const access = useAccess();
  const reason = !access.can('ADMIN') ? 'Needs the admin role' : (blockedBecause ?? null);
  const button = (
    <Button variant={variant} onClick={onClick} disabled={reason !== null} startIcon={startIcon}>
      {children}
    </Button>
  );
  // A disabled button gets no pointer events, so the tooltip hangs on a wrapper.
  return reason ? (
    // describeChild: the reason becomes a description of the button; an aria-label on a span would be invalid ARIA.
    <Tooltip title={reason} describeChild>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}
