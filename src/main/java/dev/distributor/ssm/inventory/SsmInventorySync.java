package dev.distributor.ssm.inventory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.TargetLifecycle;
import dev.distributor.fleet.service.TargetJournal;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.ssm.inventory.SyncResult.Outcome;
import dev.distributor.ssm.inventory.repository.SsmInventoryRepository;

/**
 * Keeps the fleet's SSM targets in step with what SSM manages, every {@code distributor.ssm.sync-interval}: lists
 * every instance (DescribeInstanceInformation, all pages of 50, the API's maximum), reads the tags of hybrid
 * ({@code mi-}) instances (ListTagsForResource; an EC2 {@code i-} instance's tags are EC2's, read through the EC2 API,
 * which the service does not call, so its tags are left to operators), then writes what changed in one short
 * transaction ({@link InventoryPlan} says what).
 *
 * <p>
 * Every replica schedules the sync; one writes per round. SSM is read with no lock and no transaction open (a
 * throttled listing may take seconds). The write transaction then takes a transaction-scoped advisory lock without
 * waiting (a replica finding it held writes nothing: {@link Outcome#BUSY}) and drops its view when a sync that
 * observed SSM later already wrote ({@link Outcome#SUPERSEDED}), so an older listing never overwrites a newer one. A
 * scheduled round also skips reading SSM when a sync observed it less than half an interval ago
 * ({@link Outcome#RECENTLY_SYNCED}), so replicas whose timers are out of phase share the calls instead of each making
 * them.
 *
 * <p>
 * An instance SSM lists Online is seen at each sync ({@code last_seen} = the write's time), so it counts online
 * (TargetService.isOnline) while the sync interval stays below {@code distributor.agent.online-cutoff}; at startup a
 * warning says when it does not. A failed sync (AccessDenied, SSM unreachable after the retries of {@link SsmCalls})
 * changes nothing and is logged; the next round tries again.
 */
@ApplicationScoped
public class SsmInventorySync {

    /** ListTagsForResource calls in flight at once: each instance needs one, and SSM throttles bursts. */
    static final int TAG_CONCURRENCY = 4;
    /** DescribeInstanceInformation's largest page (AWS API reference: MaxResults 5-50). */
    static final int PAGE_SIZE = 50;

    private static final Logger LOG = Logger.getLogger(SsmInventorySync.class);

    private final SsmConfig config;
    private final SsmCalls calls;
    private final SsmAsyncClient client;
    private final UnitOfWork unitOfWork;
    private final SsmInventoryRepository repository;
    private final TargetJournal journal;
    private final Instance<TargetLifecycle> lifecycle;
    private final AtomicReference<List<String>> warnedAgentTargets = new AtomicReference<>(List.of());

    public SsmInventorySync(SsmConfig config, SsmCalls calls, SsmAsyncClient client,
            UnitOfWork unitOfWork, SsmInventoryRepository repository, TargetJournal journal,
            Instance<TargetLifecycle> lifecycle) {
        this.config = config;
        this.calls = calls;
        this.client = client;
        this.unitOfWork = unitOfWork;
        this.repository = repository;
        this.journal = journal;
        this.lifecycle = lifecycle;
    }

    /** Static, so a disabled driver's startup creates no SSM client for it. */
    static void checkSettings(@Observes StartupEvent start, SsmConfig config, AgentConfig agentConfig) {
        if (config.enabled() && config.syncInterval().compareTo(agentConfig.onlineCutoff()) >= 0) {
            LOG.warnf("distributor.ssm.sync-interval (%s) is not below distributor.agent.online-cutoff (%s): SSM"
                    + " targets will show offline between syncs although SSM lists them Online",
                    config.syncInterval(), agentConfig.onlineCutoff());
        }
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "${distributor.ssm.sync-interval}", delayed = "1s", identity = "ssm-inventory-sync", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSync() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return sync(false)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Syncs now, even when a sync ran less than half an interval ago; the result says whether this one wrote. Fails
     * with {@link dev.distributor.ssm.client.SsmFailure} when SSM refused or could not be reached (nothing changed).
     */
    public Uni<SyncResult> syncNow() {
        if (!config.enabled()) {
            return Uni.createFrom().item(SyncResult.skipped(Outcome.DISABLED));
        }
        return sync(true);
    }

    private Uni<SyncResult> sync(boolean evenIfRecent) {
        return unitOfWork.background(repository::observations)
                .chain(seen -> !evenIfRecent && recent(seen)
                        ? Uni.createFrom().item(SyncResult.skipped(Outcome.RECENTLY_SYNCED))
                        : readSsm().chain(listing -> write(listing, seen.now())))
                .onFailure().invoke(e -> LOG.warnf("SSM inventory sync failed; targets left as they were: %s",
                        e.getMessage()))
                .invoke(result -> LOG.debugf("SSM inventory sync: %s", result));
    }

    private boolean recent(SsmInventoryRepository.Observations seen) {
        return seen.newest() != null && seen.newest().isAfter(seen.now().minus(config.syncInterval().dividedBy(2)));
    }

    /** What SSM lists now, tags included, and how many instances' tags could not be read. */
    record Listing(List<ObservedInstance> instances, int tagsUnread) {
    }

    private Uni<Listing> readSsm() {
        AtomicInteger unread = new AtomicInteger();
        return calls.allPages("DescribeInstanceInformation",
                token -> client.describeInstanceInformation(b -> b.maxResults(PAGE_SIZE).nextToken(token)),
                DescribeInstanceInformationResponse::instanceInformationList,
                DescribeInstanceInformationResponse::nextToken)
                .map(SsmInventorySync::distinct)
                .chain(listed -> Multi.createFrom().iterable(listed)
                        .onItem().transformToUni(instance -> withTags(instance, unread))
                        .merge(TAG_CONCURRENCY)
                        .collect().asList())
                .map(instances -> new Listing(instances, unread.get()));
    }

    /** One entry per instance id: an instance may move between pages while SSM's listing changes. */
    private static List<ObservedInstance> distinct(List<InstanceInformation> listed) {
        Map<String, ObservedInstance> byId = new LinkedHashMap<>();
        listed.forEach(info -> byId.put(info.instanceId(), observed(info)));
        return List.copyOf(byId.values());
    }

    static ObservedInstance observed(InstanceInformation info) {
        return new ObservedInstance(info.instanceId(), info.pingStatusAsString(),
                info.lastPingDateTime() == null ? null : info.lastPingDateTime().atOffset(ZoneOffset.UTC),
                info.platformTypeAsString(), info.platformName(), info.platformVersion(),
                info.resourceTypeAsString(), info.computerName(), info.ipAddress(), info.agentVersion(),
                info.name(), null);
    }

    /** Hybrid instances' tags; a failure (after retries) leaves that instance's tags as they were. */
    private Uni<ObservedInstance> withTags(ObservedInstance instance, AtomicInteger unread) {
        if (!instance.instanceId().startsWith("mi-")) {
            return Uni.createFrom().item(instance);
        }
        return calls.idempotent("ListTagsForResource", () -> client.listTagsForResource(b -> b
                .resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(instance.instanceId())))
                .map(response -> {
                    Map<String, String> tags = new LinkedHashMap<>();
                    response.tagList().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
                    return instance.withTags(tags);
                })
                .onFailure().recoverWithItem(e -> {
                    unread.incrementAndGet();
                    LOG.debugf("Tags of %s not read; left as they were: %s", instance.instanceId(), e.getMessage());
                    return instance;
                });
    }

    private Uni<SyncResult> write(Listing listing, OffsetDateTime observedAt) {
        int listed = listing.instances().size();
        return unitOfWork.background(session -> repository.tryLock(session)
                .chain(locked -> !locked
                        ? Uni.createFrom().item(SyncResult.skipped(Outcome.BUSY, listed))
                        : repository.newerObservationWritten(session, observedAt)
                                .chain(newer -> newer
                                        ? Uni.createFrom().item(SyncResult.skipped(Outcome.SUPERSEDED, listed))
                                        : apply(session, listing, observedAt))))
                .invoke(result -> {
                    if (listing.tagsUnread() > 0) {
                        LOG.warnf("SSM inventory sync: the tags of %d instance(s) could not be read"
                                + " (ListTagsForResource); their tags were left as they were", listing.tagsUnread());
                    }
                });
    }

    private Uni<SyncResult> apply(Mutiny.Session session, Listing listing, OffsetDateTime observedAt) {
        List<String> ids = listing.instances().stream().map(ObservedInstance::instanceId).toList();
        return repository.lockCurrent(session, ids)
                .map(current -> InventoryPlan.decide(listing.instances(), current,
                        new InventoryPlan.Settings(config.account(), config.region(), config.defaultArch())))
                .call(plan -> repository.insertTargets(session, plan.targets().stream()
                        .filter(t -> t.change() == InventoryPlan.Change.REGISTERED)
                        .toList()))
                .call(plan -> repository.updateTargets(session, plan.targets().stream()
                        .filter(t -> t.change() != InventoryPlan.Change.REGISTERED)
                        .toList()))
                .call(plan -> repository.upsertInstances(session, plan.instances(), observedAt))
                .call(plan -> repository.markGone(session, plan.gone(), plan.deregistered(), observedAt))
                .call(plan -> deregistered(session, plan.deregistered()))
                // After the changes, so the events carry the targets as changed.
                .call(plan -> journal.record(session, plan.events()))
                .invoke(plan -> warnOfAgentTargets(plan.skippedAgentTargets()))
                .map(plan -> new SyncResult(Outcome.SYNCED, listing.instances().size(),
                        (int) plan.count(InventoryPlan.Change.REGISTERED),
                        (int) plan.count(InventoryPlan.Change.RETURNED),
                        (int) plan.count(InventoryPlan.Change.UPDATED), plan.gone().size(),
                        plan.skippedAgentTargets().size(), listing.tagsUnread()));
    }

    /** Drivers drop what they hold for targets that left, as for an operator's deregistration (TargetService). */
    private Uni<Void> deregistered(Mutiny.Session session, List<String> instanceIds) {
        return Multi.createFrom().iterable(instanceIds)
                .onItem().transformToUniAndConcatenate(id -> Multi.createFrom().iterable(lifecycle)
                        .onItem().transformToUniAndConcatenate(l -> l.deregistered(session, id))
                        .collect().last())
                .collect().last()
                .replaceWithVoid();
    }

    /** Once per change of the set, not at every sync: the clash lasts until someone deregisters one of them. */
    private void warnOfAgentTargets(List<String> skipped) {
        if (!skipped.isEmpty() && !skipped.equals(warnedAgentTargets.getAndSet(skipped))) {
            LOG.warnf("SSM lists %d instance(s) whose id is an agent target's; they are left to the agent: %s",
                    skipped.size(), first(skipped));
        }
    }

    private static String first(List<String> ids) {
        return ids.size() <= 10 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 10)) + ", ...";
    }
}
