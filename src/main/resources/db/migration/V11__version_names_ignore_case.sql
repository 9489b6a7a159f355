-- Versions of one package are unique ignoring case, as package names are (package_name_ci, V1): lookups ignore
-- case (docs/ROLLOUTS.md "Names and case"), so 1.10.0-RC1 and 1.10.0-rc1 must not both exist. A database that
-- holds such a pair stops the upgrade here with the pairs named, for an operator to rename or delete one first.
do $$
declare
    pairs text;
begin
    select string_agg(p.name || ' ' || v.version || ' (id ' || v.id || ')', ', ' order by p.name, v.version)
    into pairs
    from package_version v
    join package p on p.id = v.package_id
    where exists (select 1
                  from package_version o
                  where o.package_id = v.package_id
                    and o.id <> v.id
                    and lower(o.version) = lower(v.version));
    if pairs is not null then
        raise exception 'versions differing only by case: %; before upgrading, delete one of each pair (deleteVersion) '
            'or, if it is in use, rename it: update package_version set version = ''<new name>'' where id = <its id>',
            pairs;
    end if;
end
$$;

create unique index package_version_ci on package_version (package_id, lower(version));
-- The index above implies the old exact-match constraint.
alter table package_version drop constraint package_version_unique;
