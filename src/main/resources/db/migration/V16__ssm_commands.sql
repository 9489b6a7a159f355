-- The SSM driver's durable outbox: one row per command the rollout engine issued to an SSM target. `send` only
-- inserts UNSENT rows; a sender claims them (SENDING, with a lease: send_started_at), calls SendCommand and records
-- SSM's command id (SENT); a poller maps SSM's invocation status into our status until the row is FINISHED. A
-- command withdrawn before it was sent (or never received) is WITHDRAWN and never sent.
--   UNSENT -> SENDING -> SENT -> FINISHED;  UNSENT -> WITHDRAWN;  SENDING (lease over) -> SENDING (adopted or re-sent)
--   SENDING -> FINISHED (SSM refused the SendCommand);  any unfinished -> FINISHED (abandoned)
create table ssm_command (
    -- Our command id; also the SSM Comment "distributor:<id>", which finds a command whose SendCommand answer was lost.
    id                 uuid        primary key,
    instance_id        text        not null,
    -- The fleet.CommandSpec, as JSON.
    spec               jsonb       not null,
    state              text        not null default 'UNSENT'
                                   check (state in ('UNSENT', 'SENDING', 'SENT', 'WITHDRAWN', 'FINISHED')),
    ssm_command_id     text        unique,
    send_attempts      integer     not null default 0,
    send_started_at    timestamptz,
    -- SSM's RequestedDateTime of the command (SSM's clock).
    sent_at            timestamptz,
    -- SSM's invocation Status and StatusDetails as last read (AWS API reference, CommandInvocation).
    ssm_status         text,
    ssm_status_details text,
    -- Set when we asked SSM to cancel it (withdraw): its Cancelled then reads as a withdrawal, not as SSM's doing.
    withdrawn_at       timestamptz,
    -- Our status, as fleet.CommandObservation: QUEUED, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLED.
    status             text        not null default 'QUEUED',
    exit_code          integer,
    step               text,
    output             text,
    reboot_required    boolean     not null default false,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz
);
create index ssm_command_due on ssm_command (created_at) where state in ('UNSENT', 'SENDING');
create index ssm_command_outstanding on ssm_command (sent_at) where state = 'SENT';
