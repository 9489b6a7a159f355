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
 * could still withdraw. Invocations already running on a host are left to finish and report, so what the hosts did
 * stays known.
 */
@ApplicationScoped
public class Withdrawals {

    /** How a stop's cancellations begin their reason, so retryFailed can tell them from a cancelRollout's. */
    public static final String STOPPED = "rollout stopped: ";

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

    /** Whether a threshold's STOP cancelled this invocation before it ran. */
    public static boolean cancelledByStop(InvocationEntity invocation) {
        return invocation.status == InvocationStatus.CANCELLED && invocation.statusReason != null
                && invocation.statusReason.startsWith(STOPPED);
    }

    /**
     * Withdraws the commands of queued invocations, per driver, each in the driver's own transaction; returns the
     * command ids withdrawn. Should the caller's transaction then fail, the next tick observes them CANCELLED.
     */
    public Uni<Set<UUID>> withdrawQueued(List<InvocationEntity> invocations, DeploymentEntity deployment) {
        Map<DriverKind, List<IssuedCommand>> byDriver = new HashMap<>();
        for (InvocationEntity invocation : invocations) {
            if (invocation.status == InvocationStatus.QUEUED && invocation.commandId != null) {
                byDriver.computeIfAbsent(invocation.driver, d -> new ArrayList<>())
                        .add(IssuedCommands.of(invocation, deployment));
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
