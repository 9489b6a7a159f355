import type { ReactNode } from 'react';
import { Button } from '@mui/material';
import { useAccess } from '../../auth/access';
import { RoleTooltip, needsAdmin } from '../../common/RoleTooltip';

/**
 * A button for an admin-only change: disabled, with a tooltip keyboard users can reach saying so,
 * for other roles (the API refuses them anyway). `blockedBecause` disables it for another reason
 * ("Select targets first"), shown the same way.
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
  const admin = access.can('ADMIN');
  const reason = admin ? (blockedBecause ?? null) : needsAdmin;
  return (
    <RoleTooltip allowed={reason === null} title={reason ?? ''}>
      <Button variant={variant} onClick={onClick} disabled={reason !== null} startIcon={startIcon}>
        {children}
      </Button>
    </RoleTooltip>
  );
}
