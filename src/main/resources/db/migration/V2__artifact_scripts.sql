-- The text of each script at a zip's root, captured once when the artifact is verified, so people can
-- read what a package will run (generated or hand-written) before publishing or deploying it.
create table artifact_script (
    sha256    text    not null references artifact (sha256) on delete cascade,
    name      text    not null,
    content   text    not null,
    truncated boolean not null default false,
    primary key (sha256, name)
);
