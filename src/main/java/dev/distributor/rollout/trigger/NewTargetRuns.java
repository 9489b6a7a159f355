package dev.distributor.rollout.trigger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.fleet.repository.TargetEventRepository;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.rollout.RolloutConfig;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.domain.Strategy;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.engine.RunSource;
import dev.distributor.rollout.plan.Plan;
import dev.distributor.rollout.plan.PlanEntry;
import dev.distributor.rollout.plan.Planner;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.repository.TriggerRepository;
import dev.distributor.rollout.schedule.DueRunSteps;
import dev.distributor.rollout.service.DeploymentService;
import dev.distributor.rollout.service.RunStarter;

/**
 * ON_NEW_TARGET (State Manager's "when an instance is first launched"): every live target that matches the
 * deployment's selector and has no invocation in any run of it gets the package: targets that register later, or
 * later gain the tags or facts that make them match, and, on the first tick after the deployment is created, those
 * that matched already. The durable rows are the targets and the invocations, so a target that registered just before
 * a crash gets the package after the restart.
 *
 * <p>
 * While no run is unfinished, up to {@code distributor.rollout.new-target-batch} new targets start a run
 * ({@code NEW_TARGET}); a backlog of more (the first look after creation over a fleet, many hosts at once) starts one
 * run over all of them, with the strategy's waves. While a run is RUNNING or PAUSED by the operator, at most a batch
 * per tick joins it (appended to its last wave, whose size and the run's limits grow, never shrink:
 * {@code TARGETS_JOINED}); never a rollback run, nor one past its error budget or paused by a threshold: they wait.
 * When the deployment's latest run ended FAILED (a threshold tripped), was rolled back, or is being rolled back, the
 * trigger pauses its schedule rather than spread the failure to more hosts; once {@code resumeSchedule} resumed it,
 * new targets get the package again.
 */
@ApplicationScoped
public class NewTargetRuns implements RunSource {

    /**
     * Journaled on the failed run when the trigger paused its schedule for it (the history); that it paused once for
     * the run is {@code deployment.triggerPausedForRun}.
     */
    static final String PAUSED_EVENT = "TRIGGER_PAUSED";
    /** How many instance ids TARGETS_JOINED and ROLLOUT_STARTED name at most. */
    static final int IDS_NAMED = 20;

    /**
     * However quiet the fleet, each deployment is looked at again this often: a safety net for a target changed
     * without a fleet event (by hand in the database, say).
     */
    static final Duration RECHECK = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(NewTargetRuns.class);

    /** A look at a deployment that found no new target, after this matching change, at this System.nanoTime(). */
    private record NothingNew(long matchingChange, long atNanos) {
    }

    /** Per replica, by deployment: an optimisation only, so a restart (empty) looks at every deployment again. */
    private final Map<UUID, NothingNew> nothingNew = new ConcurrentHashMap<>();
    // The fleet events scanned so far (-1: none yet) and the newest registration or tag change among them; read and
    // written only by this replica's ticks, which never overlap.
    private volatile long scannedSeq = -1;
    private volatile long matchingChange;

    private final DueRunSteps steps;
    private final TriggerRepository triggers;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;
    private final DeploymentService deploymentService;
    private final Planner planner;
    private final RunStarter starter;
    private final Liveness liveness;
    private final TargetEventRepository fleetEvents;
    private final ServiceClock clock;
    private final int batch;

    NewTargetRuns(DueRunSteps steps, TriggerRepository triggers, DeploymentRepository deployments,
            RolloutRepository rollouts, InvocationRepository invocations, DeploymentService deploymentService,
            Planner planner, RunStarter starter, Liveness liveness, TargetEventRepository fleetEvents,
            ServiceClock clock, RolloutConfig config) {
        this.steps = steps;
        this.triggers = triggers;
        this.deployments = deployments;
        this.rollouts = rollouts;
        this.invocations = invocations;
        this.deploymentService = deploymentService;
        this.planner = planner;
        this.starter = starter;
        this.liveness = liveness;
        this.fleetEvents = fleetEvents;
        this.clock = clock;
        this.batch = Math.max(1, config.newTargetBatch());
    }

    @Override
    public Uni<Integer> startDue() {
        return steps.eachDeployment(RunTrigger.NEW_TARGET.name(), this::toCheck,
                session -> id -> reach(session, id),
                (deployment, refused) -> "a run could not start: " + refused.getMessage());
    }

    /**
     * The deployments to look at this tick: those whose latest run failed and were not paused for it yet, and those
     * for which a target may have come to match since a look found none (or that look is older than
     * {@link #RECHECK}). Only a registration or a tag change can make a target match (account, region and platform do
     * not change; liveness, installs and deregistrations never add one), and each is a fleet event numbered under the
     * counter's row lock, so in commit order: the anti-join, the one query whose cost grows with the fleet, runs only
     * after one of them, not on every tick for nothing.
     */
    private Uni<List<UUID>> toCheck(Mutiny.Session session) {
        return fleetEvents.newestSeq(session)
                .chain(counter -> matchingChangeUpTo(session, counter))
                .chain(changed -> triggers.newTargetDeployments(session).map(listed -> {
                    long now = System.nanoTime();
                    Set<UUID> ids = new HashSet<>();
                    List<UUID> due = new ArrayList<>();
                    for (TriggerRepository.NewTargetDeployment deployment : listed) {
                        ids.add(deployment.id());
                        NothingNew last = nothingNew.get(deployment.id());
                        if (deployment.failedUnhandled() || last == null || last.matchingChange() != changed
                                || now - last.atNanos() > RECHECK.toNanos()) {
                            due.add(deployment.id());
                        }
                    }
                    nothingNew.keySet().retainAll(ids);
                    return due;
                }));
    }

    /**
     * The newest matching change up to the fleet event counter {@code counter}, scanning only the events since the
     * last tick's; on the first tick of this replica, the counter itself (no look has been remembered yet anyway).
     */
    private Uni<Long> matchingChangeUpTo(Mutiny.Session session, long counter) {
        if (scannedSeq < 0 || counter < scannedSeq) {
            scannedSeq = counter;
            matchingChange = counter;
            return Uni.createFrom().item(counter);
        }
        return triggers.newestMatchingChange(session, scannedSeq, counter).map(newest -> {
            scannedSeq = counter;
            if (newest != null) {
                matchingChange = newest;
            }
            return matchingChange;
        });
    }

    /** Under the deployment's row lock (skipped when another replica holds it); true when a new run started. */
    private Uni<Boolean> reach(Mutiny.Session session, UUID deploymentId) {
        return deployments.lockUnlessHeld(session, deploymentId).chain(deployment -> {
            if (deployment == null || deployment.scheduleKind != ScheduleKind.ON_NEW_TARGET
                    || deployment.schedulePaused) {
                return Uni.createFrom().item(false);
            }
            long seq = matchingChange;
            return clock.now(session).chain(now -> pauseAfterFailure(session, deployment, now).chain(paused -> paused
                    ? Uni.createFrom().item(false)
                    : triggers.unfinishedRun(session, deployment.id).chain(unfinished -> unfinished == null
                            ? startForNew(session, deployment, seq, now)
                            : steps.lockFresh(session, unfinished).chain(run -> run == null || run.state.finished()
                                    // It finished between the two reads.
                                    ? startForNew(session, deployment, seq, now)
                                    : joinable(session, run).chain(joinable -> joinable
                                            ? joinNew(session, deployment, run, seq, now)
                                            : Uni.createFrom().item(false))))));
        });
    }

    /**
     * The error budget across batches: a latest run (rollbacks aside) that ended FAILED or ROLLED_BACK, or that the
     * operator rolled back whatever its state (a SUCCEEDED run stays SUCCEEDED, a RUNNING one ends CANCELLED, while
     * its rollback runs, and after a rollback that failed), pauses the schedule, once per such run ({@code triggerPausedForRun};
     * its journal says so), so hosts that come later do not get what was found bad; true when the schedule is paused.
     */
    private Uni<Boolean> pauseAfterFailure(Mutiny.Session session, DeploymentEntity deployment, OffsetDateTime now) {
        return triggers.latestRun(session, deployment.id).chain(latest -> {
            if (latest == null || !(failed(latest) || latest.rolledBackBy != null)) {
                return Uni.createFrom().item(false);
            }
            if (latest.id.equals(deployment.triggerPausedForRun)) {
                // Paused for this run before and resumed since: the operator wants new targets to get it.
                return Uni.createFrom().item(false);
            }
            return pauseReason(session, latest).chain(reason -> {
                DueRunSteps.pause(deployment, reason);
                deployment.triggerPausedForRun = latest.id;
                return steps.journal(session, latest.id, now, PAUSED_EVENT,
                        Map.of("trigger", RunTrigger.NEW_TARGET.name(), "reason", reason)).replaceWith(true);
            });
        });
    }

    private static boolean failed(RolloutEntity run) {
        return run.state == RolloutState.FAILED || run.state == RolloutState.ROLLED_BACK;
    }

    /** "run 3 failed: ...", "run 3 rolled back: ...", "run 3 is being rolled back by run 4", "run 3 was ...". */
    private Uni<String> pauseReason(Mutiny.Session session, RolloutEntity latest) {
        if (failed(latest)) {
            return Uni.createFrom().item("run " + latest.runNumber + " "
                    + latest.state.name().toLowerCase().replace('_', ' ')
                    + (latest.stateReason == null ? "" : ": " + latest.stateReason));
        }
        return rollouts.find(session, latest.rolledBackBy).map(rollback -> {
            String run = "run " + latest.runNumber;
            if (rollback == null) {
                return run + " was rolled back";
            }
            return rollback.state.finished()
                    ? run + " was rolled back by run " + rollback.runNumber + ", which ended " + rollback.state
                    : run + " is being rolled back by run " + rollback.runNumber;
        });
    }

    /**
     * No run is unfinished: a few new targets (at most a batch) start a run of their own; a backlog (more than a
     * batch: the deployment was just created over a fleet, or many hosts came at once) starts ONE run over all of them
     * (at most {@link Planner#MAX_TARGETS}), so the planner gives it the strategy's waves (a canary first) rather than
     * a first batch followed by everything else appended to its last wave.
     */
    private Uni<Boolean> startForNew(Mutiny.Session session, DeploymentEntity deployment, long seq,
            OffsetDateTime now) {
        TargetSelector selector = deploymentService.selector(deployment);
        // batch + 1 answers "more than a batch?" without counting the whole backlog.
        return triggers.notReachedYet(session, deployment.id, selector, liveness.onlineCutoff(), batch + 1)
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        nothingNew.put(deployment.id, new NothingNew(seq, System.nanoTime()));
                        return Uni.createFrom().item(false);
                    }
                    nothingNew.remove(deployment.id);
                    if (ids.size() <= batch) {
                        return start(session, deployment, restrict(selector, ids), ids, now);
                    }
                    return triggers.notReachedYet(session, deployment.id, selector, liveness.onlineCutoff(),
                            Planner.MAX_TARGETS)
                            .chain(all -> start(session, deployment, restrict(selector, all), all, now));
                });
    }

    /**
     * Whether new targets may join the unfinished run (locked): not a rollback run (it puts back each host's own
     * previous version), not a PLANNED one, and not one past its error budget or paused by a threshold. Joining grows
     * the run's {@code maxErrors}, so a trip the engine has not acted on yet (it skips a deployment the trigger holds)
     * would vanish; the targets wait, and join after a resume or go to a later run.
     */
    private Uni<Boolean> joinable(Mutiny.Session session, RolloutEntity run) {
        if ((run.state != RolloutState.RUNNING && run.state != RolloutState.PAUSED)
                || run.trigger == RunTrigger.ROLLBACK) {
            return Uni.createFrom().item(false);
        }
        if (run.state == RolloutState.PAUSED && (run.pauseCause == RolloutEntity.PauseCause.MAX_ERRORS
                || run.pauseCause == RolloutEntity.PauseCause.WAVE_THRESHOLD)) {
            return Uni.createFrom().item(false);
        }
        int maxErrors = run.maxErrors == null ? 0 : run.maxErrors;
        return invocations.counts(session, run.id)
                .map(counts -> counts.errors() - run.errorsAcknowledged <= maxErrors);
    }

    /** Up to a batch of new targets join the unfinished run; never a new run while one is unfinished. */
    private Uni<Boolean> joinNew(Mutiny.Session session, DeploymentEntity deployment, RolloutEntity run, long seq,
            OffsetDateTime now) {
        TargetSelector selector = deploymentService.selector(deployment);
        return triggers.notReachedYet(session, deployment.id, selector, liveness.onlineCutoff(), batch)
                .chain(ids -> {
                    if (ids.isEmpty()) {
                        nothingNew.put(deployment.id, new NothingNew(seq, System.nanoTime()));
                        return Uni.createFrom().item(false);
                    }
                    nothingNew.remove(deployment.id);
                    return join(session, deployment, restrict(selector, ids), run, now).replaceWith(false);
                });
    }

    private Uni<Boolean> start(Mutiny.Session session, DeploymentEntity deployment, TargetSelector selector,
            List<String> ids, OffsetDateTime now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("newTargets", ids.size());
        details.put("instanceIds", ids.subList(0, Math.min(IDS_NAMED, ids.size())));
        return starter.startNew(session, deployment, selector, RunTrigger.NEW_TARGET, now, details).replaceWith(true);
    }

    /**
     * Plans the new targets against the run's deployment and appends their invocations to its last wave: the wave
     * grows, and the run's concurrency and error budget are worked out again from the strategy for the new number of
     * targets that run. A run that installs another version than the plan would now (its "default" changed since it
     * started) takes none: they wait for the next run.
     */
    private Uni<Void> join(Mutiny.Session session, DeploymentEntity deployment, TargetSelector selector,
            RolloutEntity run, OffsetDateTime now) {
        return planner.plan(session, deployment, selector, run.id).chain(plan -> {
            List<Integer> sizes = new ArrayList<>(run.waveSizeList());
            if (!Objects.equals(plan.version(), run.version) || sizes.isEmpty() || plan.entries().isEmpty()) {
                LOG.debugf("New targets of deployment %s wait: run %d installs %s, a run now %s", deployment.id,
                        run.runNumber, run.version, plan.version());
                return Uni.createFrom().voidItem();
            }
            return triggers.lastPosition(session, run.id)
                    .chain(last -> append(session, deployment, run, plan, sizes, last, now));
        });
    }

    private Uni<Void> append(Mutiny.Session session, DeploymentEntity deployment, RolloutEntity run, Plan plan,
            List<Integer> sizes, int lastPosition, OffsetDateTime now) {
        int lastWave = sizes.size();
        int position = lastPosition;
        int runnable = 0;
        List<InvocationEntity> created = new ArrayList<>();
        for (PlanEntry entry : plan.entries()) {
            InvocationEntity invocation = RunStarter.invocation(run, deployment, plan, entry, ++position, now);
            if (invocation.status != InvocationStatus.SKIPPED) {
                invocation.wave = lastWave;
                runnable++;
            }
            created.add(invocation);
        }
        sizes.set(lastWave - 1, sizes.get(lastWave - 1) + runnable);
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        Strategy strategy = deployment.strategy();
        run.waveSizes = String.join(",", sizes.stream().map(String::valueOf).toList());
        // Resolved again on the new total, but never lowered: a budget the run already counts on stays.
        run.maxConcurrency = atLeast(run.maxConcurrency, strategy.concurrencyFor(total));
        run.maxErrors = atLeast(run.maxErrors, strategy.errorBudgetFor(total));
        run.updatedAt = now;
        List<String> joined = created.stream().map(i -> i.instanceId).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("count", created.size());
        details.put("runnable", runnable);
        details.put("skipped", created.size() - runnable);
        details.put("wave", lastWave);
        details.put("instanceIds", joined.subList(0, Math.min(IDS_NAMED, joined.size())));
        Journal journal = new Journal(run, now);
        journal.rollout("TARGETS_JOINED", details);
        return invocations.persistAll(session, created).chain(() -> journal.write(session));
    }

    private static Integer atLeast(Integer before, Integer now) {
        return before == null || now == null ? now : Integer.valueOf(Math.max(before, now));
    }

    /** The deployment's selector narrowed to these targets (selector lists are ANDed; they all match it). */
    static TargetSelector restrict(TargetSelector selector, List<String> ids) {
        return new TargetSelector(ids, selector.tags(), selector.accounts(), selector.regions(),
                selector.platforms());
    }
}
