-- Catalog: packages, their versions, and content-addressed artifacts shared across versions.

create table package (
    id              bigint generated always as identity primary key,
    name            text        not null,
    description     text,
    publisher       text,
    tags            jsonb       not null default '{}'::jsonb,
    default_version text,
    archived        boolean     not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
-- Names differing only in case would confuse people and scripts alike, so they count as duplicates.
create unique index package_name_ci on package (lower(name));
create index package_tags on package using gin (tags);

-- One row per distinct file content; the S3 key is derived from the hash, so a file is stored once.
create table artifact (
    sha256        text        primary key check (sha256 ~ '^[0-9a-f]{64}$'),
    size          bigint      not null,
    s3_key        text        not null,
    entry_count   integer     not null,
    expanded_size bigint      not null,
    root_scripts  text        not null default '', -- comma-separated names from a fixed allow-list
    created_at    timestamptz not null default now()
);

create table package_version (
    id           bigint generated always as identity primary key,
    package_id   bigint      not null references package (id) on delete cascade,
    version      text        not null,
    manifest     text        not null,
    state        text        not null check (state in ('DRAFT', 'PUBLISHED', 'DEPRECATED')),
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz,
    constraint package_version_unique unique (package_id, version)
);

-- The files of a version under their manifest names; the same artifact may appear under several names.
create table version_file (
    version_id bigint   not null references package_version (id) on delete cascade,
    file_name  text     not null,
    sha256     text     not null references artifact (sha256),
    primary key (version_id, file_name)
);
create index version_file_sha256 on version_file (sha256);

-- Audit trail: one row per change, written in the transaction of the change it records.
create table audit_event (
    id         bigint generated always as identity primary key,
    at         timestamptz not null default now(),
    actor      text        not null,
    action     text        not null,
    resource   text        not null,
    details    jsonb       not null default '{}'::jsonb,
    request_id text
);
create index audit_event_at on audit_event (at);
create index audit_event_resource on audit_event (resource);
