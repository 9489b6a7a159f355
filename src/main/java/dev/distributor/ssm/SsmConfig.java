package dev.distributor.ssm;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the SSM driver ({@code distributor.ssm.*}). The client itself (region, credentials, endpoint) is
 * configured as {@code quarkus.ssm.*}: the default AWS credential chain (instance role, environment, profile), never
 * keys in this file. README, "AWS Systems Manager", lists the environment variables.
 */
@ConfigMapping(prefix = "distributor.ssm")
public interface SsmConfig {

    /** Whether the driver runs at all: off, no SSM call is ever made and no SSM target is synced. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The AWS account the synced instances belong to (DescribeInstanceInformation does not return it); a target's
     * {@code account}. Defaults to {@code unknown}.
     */
    @WithDefault("unknown")
    String account();

    /** The region of the client, recorded as each synced target's {@code region}. */
    @WithDefault("us-east-1")
    String region();

    /** How often the inventory sync reads DescribeInstanceInformation and tags. */
    @WithDefault("60s")
    Duration syncInterval();

    /** How often the driver reads the state of the commands it sent (ListCommandInvocations). */
    @WithDefault("5s")
    Duration pollInterval();

    /**
     * The arch recorded for an instance whose arch SSM does not tell (DescribeInstanceInformation has none); an
     * instance tag {@code distributor:arch} overrides it per instance.
     */
    @WithDefault("x86_64")
    String defaultArch();

    /**
     * How long a SendCommand may be in flight before another sender (this replica after a restart, or another one)
     * takes the command over; it first looks the command up by its Comment, so a command is never sent twice. Must
     * outlast one send with every throttling retry (see {@link #checkSendLease()}): the start is refused otherwise.
     */
    @WithDefault("5m")
    Duration sendLease();

    /**
     * The SDK's apiCallTimeout of one SendCommand attempt: a call without an answer by then ends (it may have gone
     * through; the next claimer after the lease looks it up).
     */
    @WithDefault("30s")
    Duration sendCallTimeout();

    /**
     * Refuses a send lease that one send can outlast: SendCommand is retried only on throttling, up to
     * {@code retry.attempts} times with at most {@code retry.max-backoff} between attempts, and its last attempt may
     * take {@code send-call-timeout}. A lease shorter than that lets a second sender claim a command whose send is
     * still in flight, miss it in its look-up and send it twice.
     *
     * @throws IllegalStateException naming the settings, when {@code send-lease} is not longer than that
     */
    default void checkSendLease() {
        Duration budget = retry().maxBackoff().multipliedBy(Math.max(0, retry().attempts())).plus(sendCallTimeout());
        if (sendLease().compareTo(budget) <= 0) {
            throw new IllegalStateException("distributor.ssm.send-lease (" + sendLease() + ") must be longer than "
                    + "distributor.ssm.retry.attempts (" + retry().attempts()
                    + ") x distributor.ssm.retry.max-backoff ("
                    + retry().maxBackoff() + ") + distributor.ssm.send-call-timeout (" + sendCallTimeout() + ") = "
                    + budget + ": a send still retrying would be claimed and sent again");
        }
    }

    /** SendCommand calls one replica makes at once. */
    @WithDefault("8")
    int sendConcurrency();

    /** Retries of one SSM call refused for throttling or a 5xx, with exponential backoff and jitter. */
    Retry retry();

    /** Publishing versions as AWS Distributor {@code Package} documents. */
    Publish publish();

    interface Retry {
        /** Attempts after the first, on top of the SDK's own retries. */
        @WithDefault("8")
        int attempts();

        /** The first backoff; each next one doubles, up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("20s")
        Duration maxBackoff();
    }

    interface Publish {
        /**
         * The S3 bucket AWS Distributor reads package files from ({@code SourceUrl}); publishing is refused when
         * unset.
         */
        Optional<String> bucket();

        /** Key prefix in {@link #bucket()}; files go under {@code <prefix><package>/<version>/<file name>}. */
        @WithDefault("distributor/")
        String prefix();

        /**
         * The SSM document name for a package: this prefix plus the package name (AWS reserves the {@code AWS-} and
         * {@code Amazon} prefixes).
         */
        Optional<String> documentPrefix();
    }
}
