import { useId, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

export interface ConfirmDialogProps {
  open: boolean;
  /** The question, as the dialog's title and accessible name: "Cancel this rollout?". */
  title: string;
  /** What confirming does and what cannot be undone. */
  children: ReactNode;
  /** The confirming button's words: the action itself ("Cancel rollout"), not "OK". */
  confirmLabel: string;
  /** The button that changes nothing. */
  keepLabel?: string;
  /** Colours the confirming button red for changes that cannot be undone. */
  destructive?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a change that is hard to undo; Escape, a click outside and the keep button all change nothing. */
export function ConfirmDialog({ open, title, children, confirmLabel, keepLabel = 'Keep going', destructive = false, onConfirm, onClose }: ConfirmDialogProps) {
  const titleId = useId();
  const textId = useId();
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} aria-describedby={textId}>
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId}>{children}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{keepLabel}</Button>
        <Button color={destructive ? 'error' : 'primary'} variant="contained" onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
