-- Access control (issue 14): who acted (the token's subject and display name), from which request and address, and
-- whether the attempt was done or refused. Audit rows are append-only: no statement may change or delete one.
alter table audit_event
    add column actor_name text,
    add column address    text,
    add column outcome    text not null default 'DONE' check (outcome in ('DONE', 'REFUSED'));

create index audit_event_actor on audit_event (actor, id);
create index audit_event_action on audit_event (action, id);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event rows are append-only (% refused)', tg_op;
end;
$$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_append_only();
