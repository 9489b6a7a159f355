package dev.distributor.ssm.publish.service;

import java.util.concurrent.CompletionException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import dev.distributor.ssm.client.SsmFailure;

/**
 * A call to AWS that failed while publishing: the operation (an SSM operation, or {@code S3 CopyObject}), the error
 * code AWS answered (null when no answer came) and its message. What a FAILED publication records and shows.
 */
public record FailedCall(String operation, String code, String message) {

    /** Thrown by a publishing step to stop the attempt with this failure. */
    public static final class Failure extends RuntimeException {
        private final FailedCall call;

        public Failure(FailedCall call, Throwable cause) {
            super(call.operation() + " failed: " + call.code() + ": " + call.message(), cause);
            this.call = call;
        }

        public FailedCall call() {
            return call;
        }
    }

    /** SSM's failure, as {@code SsmCalls} reports it after its retries. */
    public static FailedCall of(SsmFailure failure) {
        return new FailedCall(failure.operation(), failure.errorCode(), failure.getMessage());
    }

    /** An S3 failure of {@code operation}. */
    public static FailedCall ofS3(String operation, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return new FailedCall(operation, aws.awsErrorDetails().errorCode(), aws.awsErrorDetails().errorMessage());
        }
        return new FailedCall(operation, null, String.valueOf(cause.getMessage()));
    }
}
