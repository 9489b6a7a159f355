package dev.distributor.rollout.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Reads for the GraphQL nested fields, batched per request where a list of rollouts asks for them. */
@ApplicationScoped
public class RolloutReads {

    public static final int MAX_EVENTS = 1000;

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;

    public RolloutReads(AccessControl access, UnitOfWork unitOfWork, RolloutRepository rollouts,
            InvocationRepository invocations) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.rollouts = rollouts;
        this.invocations = invocations;
    }

    /** Counts by wave and status for each rollout, in one query. */
    public Uni<Map<UUID, Counts>> counts(Collection<UUID> rolloutIds) {
        return access.require(Permission.VIEW, "rollout.counts")
                .chain(viewer -> unitOfWork.read(session -> invocations.counts(session, rolloutIds)));
    }

    /** The runs of each deployment, newest first, in one query. */
    public Uni<Map<UUID, List<RolloutEntity>>> rolloutsOf(Collection<UUID> deploymentIds) {
        return access.require(Permission.VIEW, "rollout.list").chain(viewer -> unitOfWork.read(session -> rollouts
                .ofDeployments(session, deploymentIds)
                .map(rows -> {
                    Map<UUID, List<RolloutEntity>> byDeployment = new HashMap<>();
                    deploymentIds.forEach(id -> byDeployment.put(id, new ArrayList<>()));
                    rows.forEach(r -> byDeployment.get(r.deploymentId).add(r));
                    return byDeployment;
                })));
    }

    public record InvocationPage(Page.Slice<InvocationEntity> slice, long totalCount) {
    }

    public Uni<InvocationPage> invocations(UUID rolloutId, InvocationStatus status, Integer wave, Page page) {
        InvocationRepository.After after = page.afterKey() == null ? null : cursor(page.afterKey());
        return access.require(Permission.VIEW, "rollout.invocations")
                .chain(viewer -> unitOfWork.read(session -> invocations
                        .page(session, rolloutId, status, wave, after, page.fetchSize())
                        .chain(list -> invocations.count(session, rolloutId, status, wave)
                                .map(total -> new InvocationPage(page.slice(list, i -> i.wave + ":" + i.position),
                                        total)))));
    }

    public Uni<List<RolloutEventEntity>> events(UUID rolloutId, long afterSeq, int first) {
        if (first < 1 || first > MAX_EVENTS) {
            throw DistributorException.invalidInput("first", "first must be between 1 and " + MAX_EVENTS + ".");
        }
        return access.require(Permission.VIEW, "rollout.events")
                .chain(viewer -> unitOfWork.read(session -> rollouts.events(session, rolloutId, afterSeq, first)));
    }

    private static InvocationRepository.After cursor(String key) {
        try {
            String[] parts = key.split(":", 2);
            return new InvocationRepository.After(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (RuntimeException e) {
            throw DistributorException.invalidInput("after", "after is not a cursor this API returned.");
        }
    }
}
