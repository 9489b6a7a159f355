-- Deployments (what, where, how), their runs (rollouts), one invocation per target, and the event log the
-- live progress feed reads. Only the engine and the rollout mutations write these tables.

create table deployment (
    id                       uuid        primary key,
    name                     text,
    package_name             text        not null,
    version_spec             text        not null, -- a version, or 'default' resolved at the start of each run
    action                   text        not null check (action in ('INSTALL', 'UNINSTALL')),
    install_type             text        not null check (install_type in ('REINSTALL', 'IN_PLACE')),
    arguments                jsonb       not null default '{}'::jsonb,
    selector                 text        not null, -- JSON: instanceIds, tags, accounts, regions, platforms
    schedule_kind            text        not null default 'ONCE' check (schedule_kind in ('ONCE')),
    waves                    text        not null, -- comma-separated sizes: counts or percentages
    max_concurrency          text        not null,
    max_errors               text        not null,
    wave_success_percent     integer     not null check (wave_success_percent between 0 and 100),
    pause_between_waves_secs integer     not null default 0 check (pause_between_waves_secs >= 0),
    manual_approval          boolean     not null default false,
    command_timeout_secs     integer     not null check (command_timeout_secs > 0),
    delivery_timeout_secs    integer     not null check (delivery_timeout_secs > 0),
    reboot_allowed           boolean     not null default false,
    on_failure               text        not null check (on_failure in ('STOP', 'PAUSE')),
    idempotency_key          text        unique,
    created_by               text        not null,
    created_at               timestamptz not null default now()
);
create index deployment_package on deployment (package_name, created_at desc);
create index deployment_created on deployment (created_at desc, id desc);

create table rollout (
    id                  uuid        primary key,
    deployment_id       uuid        not null references deployment (id) on delete cascade,
    run_number          integer     not null,
    state               text        not null check (state in
                            ('PLANNED', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK')),
    state_reason        text,
    pause_cause         text        check (pause_cause in ('OPERATOR', 'MAX_ERRORS', 'WAVE_THRESHOLD')),
    version             text,        -- the concrete version, fixed when the run starts
    wave_sizes          text,        -- the resolved size of each wave, comma-separated
    current_wave        integer     not null default 0,
    wave_accepted       integer     not null default 0, -- waves up to this one were accepted by an operator
    waiting_for         text        check (waiting_for in ('APPROVAL', 'TIMER')),
    next_wave_at        timestamptz,
    max_concurrency     integer,
    max_errors          integer,
    errors_acknowledged integer     not null default 0,
    event_seq           bigint      not null default 0,
    start_key           text,
    created_by          text        not null,
    created_at          timestamptz not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz not null default now(),
    constraint rollout_run unique (deployment_id, run_number)
);
create index rollout_active on rollout (id) where state in ('RUNNING', 'PAUSED');

create table invocation (
    id                   uuid        primary key,
    rollout_id           uuid        not null references rollout (id) on delete cascade,
    instance_id          text        not null,
    package_name         text        not null,
    driver               text        not null,
    wave                 integer     not null, -- 0 for targets skipped by the plan
    position             integer     not null,
    status               text        not null check (status in
                             ('PENDING', 'QUEUED', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED',
                              'SKIPPED')),
    status_reason        text,
    version              text,
    file_name            text,
    file_sha256          text,
    file_size            bigint,
    previous_version     text,
    previous_file_sha256 text,
    command_id           uuid,
    attempt              integer     not null default 1,
    exit_code            integer,
    reboot_required      boolean     not null default false,
    step                 text,
    output               text,
    queued_at            timestamptz,
    started_at           timestamptz,
    finished_at          timestamptz,
    updated_at           timestamptz not null default now(),
    constraint invocation_target unique (rollout_id, instance_id)
);
create index invocation_rollout on invocation (rollout_id, wave, position);
create index invocation_open on invocation (rollout_id) where status in ('QUEUED', 'IN_PROGRESS');
-- At most one invocation per (target, package) is out at a time, across all rollouts (DESIGN.md §6).
create unique index invocation_one_out_per_target
    on invocation (instance_id, package_name) where status in ('QUEUED', 'IN_PROGRESS');
create index invocation_command on invocation (command_id) where command_id is not null;

create table rollout_event (
    rollout_id    uuid        not null references rollout (id) on delete cascade,
    seq           bigint      not null,
    at            timestamptz not null default now(),
    type          text        not null,
    invocation_id uuid,
    instance_id   text,
    status        text,
    details       jsonb       not null default '{}'::jsonb,
    primary key (rollout_id, seq)
);
