package dev.distributor.common.work;

/** Who performs an operation (an operator, or an agent by its instance id), as the audit trail records it. */
public record Actor(String subject, String displayName) {

    /** The operator of a service running without an identity provider (local mode). */
    public static final Actor LOCAL = new Actor("local", "local operator");

    @Override
    public String toString() {
        return subject;
    }
}
