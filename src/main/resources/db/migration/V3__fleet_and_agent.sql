-- Fleet: activations (registration codes), targets (managed instances) and what they have installed.

create table activation (
    id                 uuid        primary key,
    code_sha256        text        not null,
    description        text,
    account            text        not null,
    region             text        not null,
    default_tags       jsonb       not null default '{}'::jsonb,
    registration_limit integer     not null check (registration_limit > 0),
    registrations      integer     not null default 0,
    expires_at         timestamptz not null,
    created_by         text        not null,
    created_at         timestamptz not null default now()
);

create table target (
    instance_id      text        primary key,
    name             text        not null,
    driver           text        not null check (driver in ('AGENT', 'SSM')),
    platform         text        not null,
    platform_version text        not null,
    arch             text        not null,
    account          text        not null,
    region           text        not null,
    tags             jsonb       not null default '{}'::jsonb,
    agent_version    text,
    activation_id    uuid        references activation (id) on delete set null,
    token_sha256     text        unique,
    registered_at    timestamptz not null default now(),
    last_seen        timestamptz,
    deregistered_at  timestamptz
);
create index target_tags on target using gin (tags);
create index target_platform on target (platform, platform_version, arch);
create index target_account_region on target (account, region);

create table installed_package (
    instance_id    text        not null references target (instance_id) on delete cascade,
    package_name   text        not null,
    version        text        not null,
    arguments_hash text,
    status         text        not null default 'INSTALLED',
    updated_at     timestamptz not null default now(),
    primary key (instance_id, package_name)
);

-- The agent command queue. A row is written in the caller's transaction (QUEUED, sent_at null) and
-- sent after commit (a NOTIFY for agents); a restart re-sends what was recorded but never sent.
create table agent_command (
    id                   uuid        primary key,
    instance_id          text        not null references target (instance_id) on delete cascade,
    action               text        not null check (action in ('INSTALL', 'UNINSTALL')),
    install_type         text        not null check (install_type in ('REINSTALL', 'IN_PLACE')),
    package_name         text        not null,
    version              text        not null,
    file_sha256          text,
    file_size            bigint,
    previous_version     text,
    previous_file_sha256 text,
    arguments            jsonb       not null default '{}'::jsonb,
    timeout_seconds      integer     not null,
    reboot_allowed       boolean     not null default false,
    state                text        not null check (state in
                             ('QUEUED', 'DELIVERED', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED')),
    deliveries           integer     not null default 0,
    lease_until          timestamptz,
    exit_code            integer,
    reboot_required      boolean     not null default false,
    step                 text,
    output               text,
    created_at           timestamptz not null default now(),
    sent_at              timestamptz,
    started_at           timestamptz,
    finished_at          timestamptz
);
create index agent_command_pending on agent_command (instance_id, created_at)
    where state in ('QUEUED', 'DELIVERED');
create index agent_command_unsent on agent_command (created_at) where sent_at is null;
create index agent_command_instance on agent_command (instance_id, created_at desc);
