-- Installed packages have a state (issue 15): INSTALLED, or BROKEN when an agent's rollback failed and what is on
-- the host is unknown. The column existed (V3) without a rule; this gives it one. The targets filter on the state
-- looks rows up by instance id, which the primary key serves: no index of its own.
update installed_package set status = 'INSTALLED' where status not in ('INSTALLED', 'BROKEN');

alter table installed_package
    add constraint installed_package_status_check check (status in ('INSTALLED', 'BROKEN'));
