package dev.distributor.ssm.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.SdkClientException;

import dev.distributor.common.metrics.CallTimer;
import dev.distributor.ssm.SsmConfig;

/**
 * Every SSM call goes through here: made lazily (nothing happens until the {@link Uni} is subscribed), retried with
 * exponential backoff and full jitter when SSM refuses it for throttling (AWS: "ThrottlingException", HTTP 400, or any
 * 429), and, for calls safe to repeat, on a 5xx or a network failure, on top of the SDK's own retries (the injected
 * {@code SsmAsyncClient} is the Quarkus extension's, configured by {@code quarkus.ssm.*}).
 *
 * <p>
 * SendCommand has no idempotency token, so its request must carry {@link #NO_SDK_RETRIES}: the SDK would otherwise
 * repeat it after a lost answer and send the command twice. {@link #once} then retries it only when SSM refused it.
 */
@ApplicationScoped
public class SsmCalls {

    private static final Logger LOG = Logger.getLogger(SsmCalls.class);

    /**
     * A request-level plugin turning the SDK's retries off for that request:
     * {@code SendCommandRequest.builder().overrideConfiguration(o -> o.addPlugin(SsmCalls.NO_SDK_RETRIES))}.
     */
    public static final SdkPlugin NO_SDK_RETRIES = config -> config
            .overrideConfiguration(config.overrideConfiguration().toBuilder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build());

    private final SsmConfig.Retry retry;
    /** distributor_ssm_call_seconds (docs/OBSERVABILITY.md): each attempt, by operation and outcome. */
    private final CallTimer calls;

    public SsmCalls(SsmConfig config, MeterRegistry registry) {
        this.retry = config.retry();
        this.calls = new CallTimer(registry, "distributor.ssm.call", "Calls to AWS Systems Manager, each attempt",
                e -> throttled(e) ? "throttled" : "error");
    }

    /** A call that reads, or changes nothing when repeated: retried on throttling, 5xx and network failures. */
    public <T> Uni<T> idempotent(String operation, Supplier<CompletableFuture<T>> call) {
        return withRetries(operation, call, SsmCalls::retryableIdempotent);
    }

    /**
     * A call that must not run twice (SendCommand): retried only when SSM refused it for throttling, which means it
     * did not run. A 5xx or a lost answer fails the Uni; the caller looks the call's effect up before trying again.
     */
    public <T> Uni<T> once(String operation, Supplier<CompletableFuture<T>> call) {
        return withRetries(operation, call, SsmCalls::throttled);
    }

    /**
     * Reads every page of a paginated SSM list: {@code page} gets the previous page's NextToken (null first) and
     * returns the next page; stops at a null or empty NextToken.
     */
    public <R, T> Uni<List<T>> allPages(String operation, Function<String, CompletableFuture<R>> page,
            Function<R, List<T>> items, Function<R, String> nextToken) {
        List<T> all = new ArrayList<>();
        return pagesFrom(operation, null, page, items, nextToken, all).replaceWith(all);
    }

    private <R, T> Uni<Void> pagesFrom(String operation, String token, Function<String, CompletableFuture<R>> page,
            Function<R, List<T>> items, Function<R, String> nextToken, List<T> into) {
        return idempotent(operation, () -> page.apply(token)).chain(response -> {
            into.addAll(items.apply(response));
            String next = nextToken.apply(response);
            return next == null || next.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : pagesFrom(operation, next, page, items, nextToken, into);
        });
    }

    private <T> Uni<T> withRetries(String operation, Supplier<CompletableFuture<T>> call,
            java.util.function.Predicate<Throwable> retryable) {
        return calls.time(operation, call)
                .onFailure(retryable)
                .invoke(e -> LOG.debugf("SSM %s refused (%s); retrying", operation, e.getMessage()))
                .onFailure(retryable).retry()
                .withBackOff(retry.initialBackoff(), retry.maxBackoff()).withJitter(1.0)
                .atMost(retry.attempts())
                .onFailure().transform(e -> SsmFailure.of(operation, e));
    }

    /** SSM refused the call for its rate: the call did not run. */
    public static boolean throttled(Throwable e) {
        Throwable cause = unwrap(e);
        return cause instanceof AwsServiceException aws && (aws.isThrottlingException() || aws.statusCode() == 429);
    }

    static boolean retryableIdempotent(Throwable e) {
        Throwable cause = unwrap(e);
        if (throttled(cause)) {
            return true;
        }
        if (cause instanceof AwsServiceException aws) {
            return aws.statusCode() >= 500;
        }
        return cause instanceof SdkClientException;
    }

    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
