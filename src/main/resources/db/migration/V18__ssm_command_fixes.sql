-- Fixes of the SSM driver's outbox (review of issue 17).
-- Set when the command's target was deregistered after the command reached SSM: the row is already FINISHED
-- CANCELLED (step target-deregistered) in the deregistration's transaction; the poller's next pass, after that commit
-- and holding no lock, calls CancelCommand and clears it.
alter table ssm_command add column cancel_requested_at timestamptz;
-- ListCommands look-ups of a re-claimed command SSM refused (AccessDenied, Validation...): after a few the command
-- fails rather than staying SENDING forever.
alter table ssm_command add column lookup_refusals integer not null default 0;
-- Poller passes in a row that did not list this SENT command: after a few it is asked for by GetCommandInvocation,
-- so a command SSM no longer lists (history purged) does not pin the poller's InvokedAfter window forever.
alter table ssm_command add column unlisted_passes integer not null default 0;
create index ssm_command_cancel_requested on ssm_command (cancel_requested_at) where cancel_requested_at is not null;
