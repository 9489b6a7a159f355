package dev.distributor.fleet.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.Tags;
import dev.distributor.common.Timestamps;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.error.Texts;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.TargetLifecycle;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.domain.TargetEventType;
import dev.distributor.fleet.domain.TargetFilter;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Reading the fleet and changing what operators own on it: tags and membership. */
@ApplicationScoped
public class TargetService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final TargetRepository targets;
    private final Instance<TargetLifecycle> lifecycle;
    private final Liveness liveness;
    private final AgentTokens tokens;
    private final TargetJournal journal;

    public TargetService(AccessControl access, UnitOfWork unitOfWork, TargetRepository targets,
            Instance<TargetLifecycle> lifecycle,
            Liveness liveness, AgentTokens tokens, TargetJournal journal) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.lifecycle = lifecycle;
        this.liveness = liveness;
        this.tokens = tokens;
        this.journal = journal;
    }

    public record TargetPage(Page.Slice<TargetEntity> slice, long totalCount) {
    }

    /** When the target was last seen, counting signs of life not flushed to the database yet. */
    public OffsetDateTime lastSeen(TargetEntity target) {
        OffsetDateTime pending = liveness.unflushed(target.instanceId).orElse(null);
        if (pending == null || (target.lastSeen != null && target.lastSeen.isAfter(pending))) {
            return target.lastSeen;
        }
        return pending;
    }

    /** Whether a target counts as online: seen within the cutoff. */
    public boolean isOnline(TargetEntity target) {
        return liveness.isOnline(lastSeen(target), Timestamps.now());
    }

    public Uni<TargetPage> list(TargetFilter filter, Page page) {
        return access.require(Permission.VIEW, "target.list")
                .invoke(viewer -> checked("filter", filter))
                .chain(viewer -> unitOfWork.read(
                        session -> targets
                                .search(session, filter, liveness.onlineCutoff(), page.afterKey(), page.fetchSize())
                                .chain(rows -> targets.count(session, filter, liveness.onlineCutoff())
                                        .map(total -> new TargetPage(page.slice(rows, t -> t.instanceId), total)))));
    }

    public Uni<TargetEntity> find(String instanceId) {
        return access.require(Permission.VIEW, "target.find")
                .invoke(viewer -> Names.instanceId("instanceId", instanceId))
                .chain(viewer -> unitOfWork.read(session -> targets.find(session, instanceId)));
    }

    /** Installed packages of each target, in the order given; one query for all. */
    public Uni<List<List<InstalledPackageEntity>>> installedOn(List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "target.installedOn")
                .chain(viewer -> unitOfWork.read(session -> targets.installedOn(session, instanceIds))).map(rows -> {
                    Map<String, List<InstalledPackageEntity>> byTarget = new LinkedHashMap<>();
                    rows.forEach(r -> byTarget.computeIfAbsent(r.instanceId, id -> new ArrayList<>()).add(r));
                    return instanceIds.stream().map(id -> byTarget.getOrDefault(id, List.of())).toList();
                });
    }

    /** Sets (adds or replaces) tags on every listed target. Unknown ids fail the whole change. */
    public Uni<List<TargetEntity>> tag(List<String> instanceIds, Map<String, String> tags) {
        return access.require(Permission.ADMIN, "target.tag").chain(caller -> {
            Map<String, String> checked = Tags.check("tags", tags);
            if (checked.isEmpty()) {
                throw DistributorException.invalidInput("tags", "Give at least one tag.");
            }
            return change(caller, "target.tag", instanceIds, (session, target) -> target.tags.putAll(checked),
                    Map.of("tags", checked));
        });
    }

    /** Removes tag keys from every listed target; absent keys are fine. */
    public Uni<List<TargetEntity>> untag(List<String> instanceIds, List<String> keys) {
        return access.require(Permission.ADMIN, "target.untag").chain(caller -> {
            if (keys == null || keys.isEmpty()) {
                throw DistributorException.invalidInput("keys", "Give at least one tag key.");
            }
            keys.forEach(k -> Tags.checkKey("keys", k));
            return change(caller, "target.untag", instanceIds,
                    (session, target) -> keys.forEach(target.tags::remove), Map.of("keys", keys));
        });
    }

    /** Removes the target from the fleet: its token stops working and drivers drop what they queued for it. */
    public Uni<Boolean> deregister(String instanceId) {
        return access.require(Permission.ADMIN, "target.deregister")
                .invoke(caller -> Names.instanceId("instanceId", instanceId))
                .chain(caller -> unitOfWork.change(caller, "target.deregister", "target/" + instanceId,
                        (session, actor) -> require(session, instanceId)
                                .invoke(target -> target.deregisteredAt = Timestamps.now())
                                .call(target -> targets.dropTokens(session, instanceId))
                                .call(target -> Multi.createFrom().iterable(lifecycle)
                                        .onItem().transformToUniAndConcatenate(l -> l.deregistered(session, instanceId))
                                        .collect().last())
                                .call(target -> journal.record(session, List.of(
                                        NewTargetEvent.of(instanceId, TargetEventType.TARGET_DEREGISTERED))))
                                .replaceWith(Boolean.TRUE),
                        done -> Map.of()))
                // After commit: a poll racing the change may have cached the token meanwhile.
                .invoke(() -> tokens.evict(instanceId));
    }

    /**
     * Asks for a new token for the agent target: its next authenticated call gets one, and the old token ends when the
     * agent first uses the new one (docs/AGENT-PROTOCOL.md, "Token rotation"). Asking again while one is pending
     * changes nothing but the audit trail. TARGET_NOT_FOUND for an unknown or deregistered target, INVALID_INPUT for
     * one that has no agent token (an SSM instance).
     */
    public Uni<TargetEntity> rotateToken(String instanceId) {
        return access.require(Permission.ADMIN, "target.rotateToken")
                .chain(caller -> {
                    Names.instanceId("instanceId", instanceId);
                    return unitOfWork.change(caller, "target.rotateToken", "target/" + instanceId,
                            (session, actor) -> require(session, instanceId)
                                    .call(target -> targets.requestTokenRotation(session, instanceId,
                                            AgentTokens.CHANGED_CHANNEL)
                                            .invoke(requestedAt -> {
                                                if (requestedAt == null) {
                                                    throw DistributorException.invalidInput("instanceId",
                                                            "Target '" + instanceId + "' has no agent token to rotate"
                                                                    + " (only agent targets have one).");
                                                }
                                                target.tokenRotationRequestedAt = requestedAt;
                                            })),
                            // Never the token or its hash: the audit trail says who asked and when.
                            target -> Map.of("rotationRequestedAt", target.tokenRotationRequestedAt.toString()));
                })
                // After commit: a call racing the change may have cached the token meanwhile.
                .invoke(() -> tokens.evict(instanceId));
    }

    /**
     * Every filter value reaches SQL, so each is held to the rule of what it filters before any query: INVALID_NAME
     * or INVALID_INPUT naming {@code field.<member>}. Deployment selectors are checked here too.
     */
    public static TargetFilter checked(String field, TargetFilter filter) {
        nonNull(filter.instanceIds()).forEach(id -> Names.instanceId(field + ".instanceIds", id));
        nonNull(filter.tags()).forEach(tag -> Tags.checkFilter(field + ".tags", tag));
        nonNull(filter.platforms()).forEach(value -> requireText(field + ".platforms", value));
        Texts.oneLine(field + ".platformVersion", filter.platformVersion(), 128);
        Texts.oneLine(field + ".arch", filter.arch(), 128);
        nonNull(filter.accounts()).forEach(value -> requireText(field + ".accounts", value));
        nonNull(filter.regions()).forEach(value -> requireText(field + ".regions", value));
        if (filter.hasPackage() != null) {
            Names.packageName(field + ".hasPackage", filter.hasPackage());
        }
        if (filter.hasPackageVersion() != null) {
            Names.versionName(field + ".hasPackageVersion", filter.hasPackageVersion());
        }
        return filter;
    }

    private static void requireText(String field, String value) {
        if (value == null) {
            throw DistributorException.invalidInput(field, field + " must not hold null.");
        }
        Texts.oneLine(field, value, 128);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private interface TargetChange {
        void apply(Mutiny.Session session, TargetEntity target);
    }

    private Uni<List<TargetEntity>> change(Actor caller, String action, List<String> instanceIds,
            TargetChange change, Map<String, Object> details) {
        if (instanceIds == null || instanceIds.isEmpty() || instanceIds.size() > Page.MAX_SIZE) {
            throw DistributorException.invalidInput("instanceIds",
                    "Give 1 to " + Page.MAX_SIZE + " instance ids.");
        }
        instanceIds.forEach(id -> Names.instanceId("instanceIds", id));
        List<String> ids = instanceIds.stream().distinct().toList();
        // The audit row carries each changed target's tags before and after; an unchanged target is not listed.
        Map<String, Object> audited = new LinkedHashMap<>(details);
        Map<String, Object> changed = new LinkedHashMap<>();
        audited.put("changed", changed);
        return unitOfWork.change(caller, action, "targets/" + String.join(",", ids),
                (session, actor) -> {
                    List<NewTargetEvent> events = new ArrayList<>();
                    return Multi.createFrom().iterable(ids)
                            .onItem().transformToUniAndConcatenate(id -> require(session, id)
                                    .invoke(target -> {
                                        Map<String, String> before = target.tags;
                                        target.tags = new LinkedHashMap<>(target.tags);
                                        change.apply(session, target);
                                        if (!before.equals(target.tags)) {
                                            events.add(NewTargetEvent.tagsChanged(id, before, target.tags));
                                            changed.put(id, Map.of("before", Map.copyOf(before), "after",
                                                    Map.copyOf(target.tags)));
                                        }
                                    }))
                            .collect().asList()
                            .call(() -> journal.record(session, events));
                },
                done -> audited);
    }

    private Uni<TargetEntity> require(Mutiny.Session session, String instanceId) {
        return targets.find(session, instanceId).map(target -> {
            if (target == null) {
                throw new DistributorException(ErrorCode.TARGET_NOT_FOUND,
                        "No registered target has instance id '" + instanceId + "'.", Map.of("field", "instanceId"));
            }
            return target;
        });
    }
}
