package dev.distributor.catalog.domain;

/**
 * Life of a package version. Only {@link #DRAFT} versions may change; {@link #PUBLISHED} ones are immutable and
 * deployable; {@link #DEPRECATED} ones stay installable where already deployed but are hidden from new choices.
 */
public enum VersionState {
    DRAFT, PUBLISHED, DEPRECATED
}
