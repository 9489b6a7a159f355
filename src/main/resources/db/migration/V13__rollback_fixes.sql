-- One rollback per run counts only rollback runs not cancelled: cancelling a rollback run clears the original's
-- rolled_back_by (RolloutService.cancel), so the original may be retried or rolled back again by a new rollback run.
drop index rollout_one_rollback;
create unique index rollout_one_rollback on rollout (rollback_of) where rollback_of is not null and state <> 'CANCELLED';
