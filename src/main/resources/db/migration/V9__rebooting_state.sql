-- A reboot is not a success yet (issue 15): a command whose script asked for a reboot it allows waits in REBOOTING
-- until its host reports after boot, and so does its invocation, which stays out (unfinished) meanwhile.
alter table agent_command drop constraint agent_command_state_check;
alter table agent_command add constraint agent_command_state_check check (state in
    ('QUEUED', 'DELIVERED', 'IN_PROGRESS', 'REBOOTING', 'SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED'));

alter table invocation drop constraint invocation_status_check;
alter table invocation add constraint invocation_status_check check (status in
    ('PENDING', 'QUEUED', 'IN_PROGRESS', 'REBOOTING', 'SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'SKIPPED'));

-- When the engine saw the host report REBOOTING (service clock): the reboot limit counts from here.
alter table invocation add column rebooting_since timestamptz;

-- A rebooting invocation is still out: the engine observes it, and no other goes to its target for the package.
drop index invocation_open;
create index invocation_open on invocation (rollout_id) where status in ('QUEUED', 'IN_PROGRESS', 'REBOOTING');
drop index invocation_one_out_per_target;
create unique index invocation_one_out_per_target
    on invocation (instance_id, package_name) where status in ('QUEUED', 'IN_PROGRESS', 'REBOOTING');
