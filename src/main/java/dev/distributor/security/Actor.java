package dev.distributor.security;

/** Who performs an operation, as the audit trail records it. */
public record Actor(String subject, String displayName) {

    /** The operator of a service running without an identity provider (local mode). */
    public static final Actor LOCAL = new Actor("local", "local operator");

    @Override
    public String toString() {
        return subject;
    }
}
