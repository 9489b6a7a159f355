-- Data retention (issue 19, docs/OPERATIONS.md "Data retention"): what the retention job needs to find due rows
-- cheaply and to delete old audit rows, which are otherwise append-only (V7).

-- Finished rows whose output text is still kept, by age: the job clears the text in batches, oldest first, and a
-- cleared row leaves the index.
create index invocation_output_kept on invocation (finished_at) where output is not null;
create index agent_command_output_kept on agent_command (finished_at) where output is not null;
create index ssm_command_output_kept on ssm_command (finished_at) where output is not null;

-- Finished rollouts by age, for removing their events.
create index rollout_finished on rollout (finished_at) where finished_at is not null;

-- When the job first saw the artifact named by no version (null: referenced, or not looked at yet). The object and
-- the row go once it has stayed unreferenced for the grace period; a version naming it again clears the mark.
alter table artifact add column unreferenced_since timestamptz;
create index artifact_unreferenced on artifact (unreferenced_since) where unreferenced_since is not null;

-- Audit rows stay append-only for every statement but the retention job's: it sets distributor.audit_retention to
-- 'on' for its own transaction (set_config(..., true)) and deletes rows older than DISTRIBUTOR_RETENTION_AUDIT_AGE.
-- Updates and TRUNCATE are refused as before.
create or replace function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('distributor.audit_retention', true) = 'on' then
        return old;
    end if;
    raise exception 'audit_event rows are append-only (% refused)', tg_op;
end;
$$;
