-- Invocation events carry the status they left and the invocation's wave, so a subscriber can keep counts by status
-- and by wave from a snapshot and the events after it (issue 13) without reading the invocations again.
alter table rollout_event add column previous_status text, add column wave integer;
