-- A registration counts against its activation inside COMMIT (issue 20). The service counted it with a conditional
-- UPDATE near the end of the registration's transaction, and the activation row's lock was then held through the rest
-- (the fleet event, the audit row, the commit) and every client round trip in between: 1,000 hosts of one activation
-- registered at about 45/s, each waiting for the one before.
--
-- Now a deferred constraint trigger on the new target counts it: the lock is held for the trigger and the commit record
-- only. The limit still holds: the UPDATE waits for a concurrent registration's lock and re-checks the limit, expiry
-- and revocation on the row it then sees. A refusal fails the COMMIT with SQLSTATE DR001 (a class of our own), the
-- refusal's error code in DETAIL and the answer's text as the message; the service answers it as that error
-- (RefusedAtCommit in dev.distributor.common.work). The service still checks the activation first, without a lock,
-- so most refusals cost nothing.
create function target_registration_count() returns trigger language plpgsql as $$
declare
    revoked boolean;
    expired boolean;
begin
    update activation set registrations = registrations + 1
    where id = new.activation_id and registrations < registration_limit and expires_at > now()
      and revoked_at is null;
    if found then
        return null;
    end if;
    select revoked_at is not null, expires_at <= now() into revoked, expired
    from activation where id = new.activation_id;
    if revoked then
        raise exception 'The activation was revoked; ask an operator for a new one.'
            using errcode = 'DR001', detail = 'ACTIVATION_REVOKED';
    elsif expired then
        raise exception 'The activation has expired; ask an operator for a new one.'
            using errcode = 'DR001', detail = 'ACTIVATION_EXPIRED';
    end if;
    raise exception 'The activation has reached its registration limit.'
        using errcode = 'DR001', detail = 'ACTIVATION_EXHAUSTED';
end;
$$;

create constraint trigger target_registration_count after insert on target
    deferrable initially deferred for each row when (new.activation_id is not null)
    execute function target_registration_count();
