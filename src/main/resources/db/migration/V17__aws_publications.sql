-- Publishing versions to AWS Distributor (issue 17): each package published to AWS is one SSM document of type
-- Package, each published version one document version. The calls to S3 and SSM are made outside any transaction, so
-- these rows are the durable record a retry or another replica resumes from.

-- One row per package published to AWS at least once: its SSM document, and how far its default is mirrored.
create table aws_document (
    package_id              bigint      primary key references package (id) on delete cascade,
    document_name           text        not null unique,
    -- The document's latest version, and the default AWS has (as we created or set it; SSM numbers versions "1", "2").
    latest_document_version text,
    default_document_version text,
    default_version_name    text,
    -- Default mirroring is due while mirrored_seq differs from package.default_version_seq (V12), or a publication
    -- finished since the last mirror (publications counts them): the new default may just have reached AWS.
    mirrored_seq            bigint,
    publications            bigint      not null default 0,
    mirrored_publications   bigint      not null default 0,
    -- A mirror run claims the row until this time (committed, no lock held during the SSM call); after a failure it
    -- is the time of the next attempt.
    mirror_claimed_until    timestamptz,
    -- Why the package's default is not AWS's default: not published to AWS, or SSM's refusal. Null when mirrored.
    mirror_note             text,
    mirrored_at             timestamptz,
    created_at              timestamptz not null default now(),
    updated_at              timestamptz not null default now()
);

-- One row per version published (or being published) to AWS.
create table aws_publication (
    version_id       bigint      primary key references package_version (id) on delete cascade,
    package_id       bigint      not null references package (id) on delete cascade,
    document_name    text        not null,
    -- s3://<bucket>/<prefix><package>/<version>: the Attachments SourceUrl, where the files were copied.
    source_url       text        not null,
    state            text        not null check (state in ('PUBLISHING', 'PUBLISHED', 'FAILED')),
    -- The SSM document version holding this version (VersionName = the version's name); set once PUBLISHED.
    document_version text,
    -- The failed call of the last attempt (an SSM operation or S3 CopyObject), its error code and message.
    error_operation  text,
    error_code       text,
    error_message    text,
    attempts         integer     not null default 0,
    -- An attempt under way holds the row until then; a crashed one is resumed by the next request after it.
    claimed_until    timestamptz,
    requested_by     text        not null,
    requested_at     timestamptz not null,
    published_at     timestamptz,
    updated_at       timestamptz not null
);
create index aws_publication_package on aws_publication (package_id);
