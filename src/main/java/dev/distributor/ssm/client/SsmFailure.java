package dev.distributor.ssm.client;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An SSM call that failed for good (after {@link SsmCalls}' retries): the operation, SSM's error code (e.g.
 * {@code InvalidInstanceId}, {@code AccessDeniedException}, {@code ThrottlingException}; null for a network failure)
 * and its message. What callers keep as the reason of a command or a publication.
 */
public class SsmFailure extends RuntimeException {

    private final String operation;
    private final String errorCode;
    private final int statusCode;

    SsmFailure(String operation, String errorCode, int statusCode, String message, Throwable cause) {
        super(operation + " failed: " + (errorCode == null ? "" : errorCode + ": ") + message, cause);
        this.operation = operation;
        this.errorCode = errorCode;
        this.statusCode = statusCode;
    }

    static SsmFailure of(String operation, Throwable e) {
        Throwable cause = SsmCalls.unwrap(e);
        if (cause instanceof SsmFailure failure) {
            return failure;
        }
        if (cause instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
            return new SsmFailure(operation, code, aws.statusCode(), message, cause);
        }
        return new SsmFailure(operation, null, 0, String.valueOf(cause.getMessage()), cause);
    }

    public String operation() {
        return operation;
    }

    /** SSM's error code, null when no answer came (a network failure: the call may or may not have run). */
    public String errorCode() {
        return errorCode;
    }

    public int statusCode() {
        return statusCode;
    }

    /** SSM answered: the call was refused (for a SendCommand, nothing was sent). */
    public boolean answered() {
        return errorCode != null;
    }

    /**
     * SSM answered with a refusal that asking again will not change (a 4xx other than throttling: InvalidInstanceId,
     * AccessDeniedException, ValidationException...).
     */
    public boolean refused() {
        return answered() && !throttled() && statusCode < 500;
    }

    public boolean throttled() {
        return SsmCalls.throttled(getCause());
    }
}
