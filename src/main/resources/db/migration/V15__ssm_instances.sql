-- The SSM driver's view of each SSM-managed instance (DESCRIBE: DescribeInstanceInformation), beside its target row
-- (driver SSM). The sync writes both; a target's own columns keep what the planner matches on (platform, version,
-- arch, account, region, tags), this row what only SSM tells. An instance SSM no longer lists is marked gone
-- (gone_at, and its target deregistered), never deleted: its history and installed packages stay readable, and it
-- comes back if SSM lists it again.
create table ssm_instance (
    instance_id    text        primary key references target (instance_id) on delete cascade,
    ping_status    text        not null,
    last_ping_at   timestamptz,
    platform_type  text,
    platform_name  text,
    resource_type  text,
    computer_name  text,
    ip_address     text,
    agent_version  text,
    -- The tags the last sync read from SSM: on the next sync, a key that was SSM's and is gone from SSM leaves the
    -- target's tags too, while tags an operator set with tagTargets stay.
    synced_tags    jsonb       not null default '{}'::jsonb,
    synced_at      timestamptz not null default now(),
    gone_at        timestamptz
);
create index ssm_instance_present on ssm_instance (synced_at) where gone_at is null;
