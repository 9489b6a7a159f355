-- Schedules, triggers and rollback (issue 16): State Manager's jobs in the same product. Every trigger starts from a
-- durable row the engine checks on each tick (DESIGN.md §6), never from a notification alone.

-- When a deployment runs: once by hand, on a cron schedule, when its package's default version changes, or for each
-- target that comes to match its selector.
alter table deployment drop constraint deployment_schedule_kind_check;
alter table deployment add constraint deployment_schedule_kind_check check (schedule_kind in
    ('ONCE', 'CRON', 'ON_DEFAULT_VERSION_CHANGE', 'ON_NEW_TARGET'));
-- Standard 5-field cron (CRON only) and the IANA zone it and the maintenance windows are read in.
alter table deployment add column cron_expression text;
alter table deployment add column time_zone text not null default 'UTC';
-- What a firing does while an earlier run of the deployment is unfinished: skip it, or wait for that run to finish.
alter table deployment add column overlap_policy text not null default 'SKIP'
    check (overlap_policy in ('SKIP', 'WAIT'));
-- A paused schedule starts no run (CRON, ON_DEFAULT_VERSION_CHANGE, ON_NEW_TARGET); runs already started go on.
alter table deployment add column schedule_paused boolean not null default false;
alter table deployment add column schedule_paused_reason text;
-- CRON: the next firing not handled yet (service clock). A firing missed while the service was down is still due.
alter table deployment add column next_run_at timestamptz;
-- WAIT: since when a due run waits for an unfinished one (its event is written once, when the wait begins).
alter table deployment add column run_waiting_since timestamptz;
-- Maintenance windows, JSON: [{"cron": "0 22 * * 6", "durationSeconds": 14400}], read in time_zone; null: always.
alter table deployment add column maintenance_windows text;
-- ON_DEFAULT_VERSION_CHANGE: the package's default_version_seq the deployment has handled.
alter table deployment add column default_version_seen bigint;
alter table deployment add constraint deployment_cron_given
    check ((schedule_kind = 'CRON') = (cron_expression is not null));
alter table deployment drop constraint deployment_on_failure_check;
alter table deployment add constraint deployment_on_failure_check check (on_failure in ('STOP', 'PAUSE', 'ROLLBACK'));
create index deployment_cron_due on deployment (next_run_at) where schedule_kind = 'CRON' and not schedule_paused;
create index deployment_triggered on deployment (schedule_kind)
    where schedule_kind in ('ON_DEFAULT_VERSION_CHANGE', 'ON_NEW_TARGET') and not schedule_paused;

-- Counts every change of a package's default version, whichever statement makes it, so a trigger sees A -> B -> A too.
alter table package add column default_version_seq bigint not null default 0;
create function package_default_version_seq() returns trigger language plpgsql as $$
begin
    if new.default_version is distinct from old.default_version then
        new.default_version_seq := old.default_version_seq + 1;
    end if;
    return new;
end
$$;
create trigger package_default_version_changed before update of default_version on package
    for each row execute function package_default_version_seq();

-- What started a run, the firing a CRON run stands for, and the link between a run and the run that rolls it back.
alter table rollout add column run_trigger text not null default 'MANUAL'
    check (run_trigger in ('MANUAL', 'CRON', 'DEFAULT_VERSION_CHANGE', 'NEW_TARGET', 'ROLLBACK'));
alter table rollout add column scheduled_for timestamptz;
alter table rollout add column rollback_of uuid references rollout (id) on delete set null;
alter table rollout add column rolled_back_by uuid references rollout (id) on delete set null;
-- Outside every maintenance window the run starts no invocation: set while it holds, so the journal says it once.
alter table rollout add column held_by_window boolean not null default false;
create unique index rollout_one_rollback on rollout (rollback_of) where rollback_of is not null;
create index rollout_unfinished_by_deployment on rollout (deployment_id) where state in ('PLANNED', 'RUNNING', 'PAUSED');

-- A rollback run installs each target's own previous version, or uninstalls where there was none: the action and
-- install type are the invocation's own there (null: the deployment's).
alter table invocation add column action text check (action in ('INSTALL', 'UNINSTALL'));
alter table invocation add column install_type text check (install_type in ('REINSTALL', 'IN_PLACE'));
-- ON_NEW_TARGET looks for matching targets no run of the deployment has an invocation for.
create index invocation_instance on invocation (instance_id, rollout_id);
