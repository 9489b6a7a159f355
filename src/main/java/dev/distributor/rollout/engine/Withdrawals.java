package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationEvent;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.repository.InvocationRepository;

/**
 * Ends what a stopped or cancelled run has not started: PENDING invocations, and QUEUED ones whose command the driver
 * could still withdraw; and takes back, for a paused run, what no host has started. Invocations already running on a
 * host are left to finish and report, so what the hosts did stays known.
 */
@ApplicationScoped
public class Withdrawals {

    /** How a stop's cancellations begin their reason, so retryFailed can tell them from a cancelRollout's. */
    public static final String STOPPED = "rollout stopped: ";

    /** The reason of an invocation a pause put back to PENDING. */
    public static final String WITHDRAWN = "command withdrawn: rollout paused";

    private final Drivers drivers;
    private final InvocationRepository invocations;

    public Withdrawals(Drivers drivers, InvocationRepository invocations) {
        this.drivers = drivers;
        this.invocations = invocations;
    }

    public Uni<Void> cancelUnstarted(Mutiny.Session session, RolloutEntity rollout, DeploymentEntity deployment,
            Journal journal, OffsetDateTime now, String reason) {
        return invocations.inStatus(session, rollout.id, List.of(InvocationStatus.PENDING, InvocationStatus.QUEUED))
                .chain(unstarted -> withdrawQueued(unstarted, deployment)
                        .invoke(withdrawn -> unstarted.forEach(invocation -> {
                            if (invocation.status == InvocationStatus.PENDING
                                    || withdrawn.contains(invocation.commandId)) {
                                invocation.on(InvocationEvent.CANCEL);
                                invocation.statusReason = reason;
                                invocation.finishedAt = now;
                                invocation.updatedAt = now;
                                journal.invocation(invocation, Map.of());
                            }
                        })))
                .replaceWithVoid();
    }

    /**
     * A pause, by the operator or a threshold: withdraws the commands of the run's QUEUED invocations that no host has
     * started yet, and puts those invocations back to PENDING (WITHDRAW), so nothing new starts while the run is paused;
     * the resumed run queues them again with new commands. Invocations a host runs already finish and report.
     */
    public Uni<Void> withdrawUnstarted(Mutiny.Session session, RolloutEntity rollout, DeploymentEntity deployment,
            Journal journal, OffsetDateTime now) {
        return invocations.inStatus(session, rollout.id, List.of(InvocationStatus.QUEUED))
                .chain(queued -> withdrawQueued(queued, deployment)
                        .invoke(withdrawn -> queued.stream()
                                .filter(invocation -> withdrawn.contains(invocation.commandId))
                                .forEach(invocation -> backToPending(invocation, journal, now, WITHDRAWN))))
                .replaceWithVoid();
    }

    /**
     * Takes a QUEUED invocation whose command no host started back to PENDING (WITHDRAW), journaled with the withdrawn
     * command's id; the run queues it again with a new command when it dispatches.
     */
    static void backToPending(InvocationEntity invocation, Journal journal, OffsetDateTime now, String reason) {
        String command = invocation.commandId.toString();
        invocation.on(InvocationEvent.WITHDRAW);
        invocation.statusReason = reason;
        invocation.commandId = null;
        invocation.queuedAt = null;
        invocation.updatedAt = now;
        journal.invocation(invocation, Map.of("withdrawnCommand", command));
    }

    /** Whether a threshold's STOP cancelled this invocation before it ran. */
    public static boolean cancelledByStop(InvocationEntity invocation) {
        return invocation.status == InvocationStatus.CANCELLED && invocation.statusReason != null
                && invocation.statusReason.startsWith(STOPPED);
    }

    /**
     * Withdraws the commands of queued invocations, per driver, each in the driver's own transaction; returns the
     * command ids withdrawn. Should the caller's transaction then fail, the next tick finds them CANCELLED without a step while their
     * invocations are still QUEUED, and queues those again (RolloutTick).
     */
    public Uni<Set<UUID>> withdrawQueued(List<InvocationEntity> invocations, DeploymentEntity deployment) {
        Map<DriverKind, List<IssuedCommand>> byDriver = new HashMap<>();
        for (InvocationEntity invocation : invocations) {
            if (invocation.status == InvocationStatus.QUEUED && invocation.commandId != null) {
                byDriver.computeIfAbsent(invocation.driver, d -> new ArrayList<>())
                        .add(IssuedCommands.of(invocation, deployment, IssuedCommands.WITHDRAWAL));
            }
        }
        Set<UUID> withdrawn = new HashSet<>();
        return Multi.createFrom().iterable(byDriver.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> drivers.forKind(entry.getKey())
                        .map(driver -> driver.withdraw(entry.getValue()))
                        .orElseGet(() -> Uni.createFrom().item(List.of()))
                        .invoke(withdrawn::addAll))
                .collect().last()
                .replaceWith(withdrawn);
    }
}
