package dev.distributor.ssm.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClientBuilder;

/**
 * The SSM async client, built by the Quarkus extension from {@code quarkus.ssm.*} (region, the default credential
 * chain, an endpoint override for the local endpoint in tests), with the SDK's own retries turned off: {@link SsmCalls}
 * retries instead, so a SendCommand whose answer was lost is never sent again blindly (SendCommand has no idempotency
 * token; a lost answer is resolved by looking the command up by its Comment).
 */
@ApplicationScoped
public class SsmClientProducer {

    @Produces
    @ApplicationScoped
    SsmAsyncClient ssmAsyncClient(SsmAsyncClientBuilder builder) {
        return builder.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
