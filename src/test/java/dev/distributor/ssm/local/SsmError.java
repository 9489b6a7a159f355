package dev.distributor.ssm.local;

/**
 * A refusal the local endpoint answers as AWS does for the JSON 1.1 protocol: the HTTP status and a body
 * {@code {"__type": code, "message": message}}, from which the SDK builds the modelled exception (e.g.
 * {@code InvalidInstanceIdException} for {@code InvalidInstanceId}) or a plain {@code SsmException} carrying the code.
 */
final class SsmError extends RuntimeException {

    private final String code;
    private final int status;

    SsmError(String code, String message) {
        this(code, 400, message);
    }

    SsmError(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    /** AWS's wording for a request member that breaks its constraint (one error per answer here). */
    static SsmError validation(String member, Object value, String constraint) {
        return new SsmError("ValidationException", "1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
