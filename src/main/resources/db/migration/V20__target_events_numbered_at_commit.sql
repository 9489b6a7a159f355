-- Fleet events are numbered at commit (issue 20). V6 numbered them in the statement that wrote them, so the counter
-- row's lock was held from there through the rest of the transaction (the audit row, the commit) and every client
-- round trip in between: under load every registration and every report that changed a target queued behind it
-- (1,000 hosts registered at 44/s, and reports were applied at about 55/s).
--
-- Now a change inserts its events with no seq, and a deferred constraint trigger numbers them inside COMMIT, after the
-- transaction's last statement: the lock is held for the trigger and the commit record only. Commit order is still
-- sequence order (the lock is released when the commit is visible), so a reader that read past a seq never misses a
-- lower one committed later. Rows without a seq exist only inside their own uncommitted transaction.
alter table target_event drop constraint target_event_pkey;
alter table target_event alter column seq drop not null;
alter table target_event add column id bigint generated always as identity primary key;
create unique index target_event_seq on target_event (seq);
create index target_event_unnumbered on target_event (id) where seq is null;

-- Numbers this transaction's unnumbered events in insertion order and sends one NOTIFY with the newest seq. It runs
-- once per inserted row (constraint triggers are row triggers): the first run numbers them all, and every later one
-- sees its own row numbered by one primary-key lookup and stops (a batch of n events costs n lookups, not n scans).
create function target_event_number() returns trigger language plpgsql as $$
declare
    unnumbered bigint;
    newest bigint;
begin
    if exists (select 1 from target_event where id = new.id and seq is not null) then
        return null;
    end if;
    select count(*) into unnumbered from target_event where seq is null;
    if unnumbered = 0 then
        return null;
    end if;
    update target_event_counter set seq = seq + unnumbered returning seq into newest;
    update target_event e set seq = newest - unnumbered + o.n
    from (select id, row_number() over (order by id) as n from target_event where seq is null) o
    where e.id = o.id;
    perform pg_notify('target_event', newest::text);
    return null;
end;
$$;

create constraint trigger target_event_number after insert on target_event
    deferrable initially deferred for each row execute function target_event_number();
