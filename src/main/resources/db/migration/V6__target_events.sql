-- The fleet's change journal for the targetEvents subscription (issue 13, docs/FLEET-EVENTS.md). Every change to a
-- target writes one row here in the transaction of the change, numbered from target_event_counter: the counter row's
-- lock is held to commit, so events commit in sequence order and a reader never sees a gap a later commit fills (a
-- bigserial would let a lower id commit after a higher one was read). No retention yet: rows stay until a cleanup
-- job is written.
create table target_event (
    seq         bigint      primary key,
    at          timestamptz not null default now(),
    type        text        not null check (type in ('TARGET_REGISTERED', 'TARGET_DEREGISTERED', 'TARGET_ONLINE',
                                                     'TARGET_OFFLINE', 'INSTALLED_CHANGED', 'TAGS_CHANGED')),
    instance_id text        not null,
    -- The target's attributes right after the change (name, platform, platformVersion, arch, account, region, tags,
    -- online, installed: {package: version}), so subscribers filter without reading the target again.
    target      jsonb       not null,
    details     jsonb       not null default '{}'::jsonb
);

create table target_event_counter (
    id  boolean primary key default true check (id),
    seq bigint  not null
);
insert into target_event_counter (id, seq) values (true, 0);

-- What the liveness sweep last announced (TARGET_ONLINE / TARGET_OFFLINE); the sweep compares it with last_seen.
alter table target add column online_announced boolean not null default false;
update target set online_announced = (last_seen is not null and last_seen > now() - interval '90 seconds');
