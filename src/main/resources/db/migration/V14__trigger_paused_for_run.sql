-- ON_NEW_TARGET: the run the trigger last paused its schedule for (a failed or rolled-back run), so it pauses once per
-- such run and a resumed schedule is not paused again for it; read on every tick instead of scanning that run's journal
-- (rollout_event, TRIGGER_PAUSED) for it. No foreign key: a run deleted with its deployment takes this row too.
alter table deployment add column trigger_paused_for_run uuid;
