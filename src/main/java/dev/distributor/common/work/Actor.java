package dev.distributor.common.work;

/**
 * Who performs an operation, as the audit trail records it: an operator (the OIDC token's {@code sub}, or
 * {@code local} in local mode), an agent (its instance id), or {@code anonymous} for a refused caller without a valid
 * token; and the request it came in (its id and the client's address, either null where none is known).
 */
public record Actor(String subject, String displayName, String requestId, String address) {

    /** The operator of a service running without an identity provider (local mode), outside any request. */
    public static final Actor LOCAL = new Actor("local", "local operator");

    /** The subject recorded for a caller that presented no valid token. */
    public static final String ANONYMOUS = "anonymous";

    public Actor(String subject, String displayName) {
        this(subject, displayName, null, null);
    }

    /** The same actor, seen in the request {@code requestId} from {@code address}. */
    public Actor from(String requestId, String address) {
        return new Actor(subject, displayName, requestId, address);
    }

    @Override
    public String toString() {
        return subject;
    }
}
