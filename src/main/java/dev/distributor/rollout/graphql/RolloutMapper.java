package dev.distributor.rollout.graphql;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.distributor.common.error.DistributorException;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.domain.Schedule;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.domain.Strategy;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.plan.Plan;
import dev.distributor.rollout.schedule.MaintenanceWindows;
import dev.distributor.rollout.service.NewDeployment;

/** Between GraphQL types and the rollout feature's entities and records; defaults of the inputs live here. */
final class RolloutMapper {

    private RolloutMapper() {
    }

    static NewDeployment toNew(CreateDeploymentInput in) {
        Map<String, String> arguments = new LinkedHashMap<>();
        if (in.arguments() != null) {
            for (int i = 0; i < in.arguments().size(); i++) {
                ArgumentInput argument = in.arguments().get(i);
                if (arguments.put(argument.name(), argument.value()) != null) {
                    throw DistributorException.invalidInput("arguments[" + i + "].name", "Argument "
                            + argument.name() + " is given twice.");
                }
            }
        }
        TargetSelectorInput s = in.selector();
        return new NewDeployment(in.name(), in.packageName(), in.version(),
                or(in.action(), DeploymentAction.INSTALL),
                or(in.installType(), InstallType.REINSTALL), arguments,
                new TargetSelector(s.instanceIds(), s.tags(), s.accounts(), s.regions(), s.platforms()),
                strategy(in.strategy()), schedule(in.schedule()), in.idempotencyKey());
    }

    static Schedule schedule(ScheduleInput in) {
        if (in == null) {
            return Schedule.ONCE;
        }
        List<Schedule.Window> windows = in.maintenanceWindows() == null
                ? List.of()
                : in.maintenanceWindows().stream()
                        .map(w -> new Schedule.Window(w.cron(), w.durationSeconds()))
                        .toList();
        return new Schedule(or(in.kind(), ScheduleKind.ONCE), in.cron(),
                in.timeZone() == null || in.timeZone().isBlank() ? "UTC" : in.timeZone(),
                or(in.overlap(), OverlapPolicy.SKIP), windows);
    }

    static Strategy strategy(StrategyInput in) {
        StrategyInput s = in == null
                ? new StrategyInput(null, null, null, null, null, null, null, null, null, null)
                : in;
        return new Strategy(s.waves() == null ? Strategy.DEFAULT_WAVES : s.waves(),
                or(s.maxConcurrency(), Strategy.DEFAULT_MAX_CONCURRENCY),
                or(s.maxErrors(), Strategy.DEFAULT_MAX_ERRORS),
                or(s.waveSuccessPercent(), Strategy.DEFAULT_WAVE_SUCCESS_PERCENT), or(s.pauseBetweenWavesSeconds(), 0),
                or(s.manualApproval(), false), or(s.commandTimeoutSeconds(), Strategy.DEFAULT_COMMAND_TIMEOUT_SECONDS),
                or(s.deliveryTimeoutSeconds(), Strategy.DEFAULT_DELIVERY_TIMEOUT_SECONDS), or(s.rebootAllowed(), false),
                or(s.onFailure(), Strategy.OnFailure.STOP));
    }

    static DeploymentType toType(DeploymentEntity d, TargetSelector selector) {
        Strategy s = d.strategy();
        return new DeploymentType(d.id.toString(), d.name, d.packageName, d.versionSpec,
                d.action, d.installType,
                d.arguments.entrySet().stream().map(e -> new Argument(e.getKey(), e.getValue())).toList(),
                new TargetSelectorType(selector.instanceIds(), selector.tags(), selector.accounts(),
                        selector.regions(), selector.platforms()),
                new StrategyType(s.waves(), s.maxConcurrency(), s.maxErrors(), s.waveSuccessPercent(),
                        s.pauseBetweenWavesSeconds(), s.manualApproval(), s.commandTimeoutSeconds(),
                        s.deliveryTimeoutSeconds(), s.rebootAllowed(), s.onFailure()),
                schedule(d), d.idempotencyKey, d.createdBy, d.createdAt);
    }

    static ScheduleType schedule(DeploymentEntity d) {
        return new ScheduleType(d.scheduleKind, d.cronExpression, d.timeZone, d.overlapPolicy, d.schedulePaused,
                // A paused schedule has no next run: resuming computes it from the time of the resume.
                d.schedulePausedReason, d.schedulePaused ? null : d.nextRunAt,
                MaintenanceWindows.fromJson(d.maintenanceWindows, d.timeZone).windows()
                        .stream()
                        .map(w -> new MaintenanceWindowType(w.start().expression(), (int) w.durationSeconds()))
                        .toList());
    }

    static RolloutType toType(RolloutEntity r) {
        return new RolloutType(r.id.toString(), r.deploymentId.toString(), r.runNumber, r.state, r.stateReason,
                r.pauseCause, r.version, r.currentWave, r.waveSizeList(), r.waitingFor, r.nextWaveAt, r.maxConcurrency,
                r.maxErrors, Math.toIntExact(r.eventSeq), r.trigger, r.scheduledFor, r.createdBy, r.createdAt,
                r.startedAt, r.finishedAt, r.rollbackOf, r.rolledBackBy);
    }

    static InvocationType toType(InvocationEntity i) {
        return new InvocationType(i.id.toString(), i.rolloutId.toString(), i.instanceId, i.wave, i.status,
                i.statusReason, i.version, i.action, i.installType, i.fileName, i.fileSha256, i.previousVersion,
                i.attempt, i.exitCode,
                i.rebootRequired, i.step, i.output, i.commandId == null ? null : i.commandId.toString(), i.queuedAt,
                i.startedAt, i.finishedAt);
    }

    static RolloutEventType toType(RolloutEventEntity e, ObjectMapper json) {
        try {
            return new RolloutEventType(Math.toIntExact(e.seq), e.at, e.type, e.instanceId,
                    e.invocationId == null ? null : e.invocationId.toString(), e.status, e.previousStatus, e.wave,
                    json.writeValueAsString(e.details));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("event details always serialise", ex);
        }
    }

    static List<WaveProgress> waves(RolloutEntity r, Counts counts) {
        List<Integer> sizes = r.waveSizeList();
        List<WaveProgress> waves = new ArrayList<>(sizes.size());
        for (int n = 1; n <= sizes.size(); n++) {
            Map<InvocationStatus, Integer> inWave = counts.byWave().getOrDefault(n, Map.of());
            InvocationCounts c = InvocationCounts.of(inWave);
            String state = n > r.currentWave
                    ? "PENDING"
                    : c.pending() + c.queued() + c.inProgress() + c.rebooting() > 0 ? "RUNNING" : "DONE";
            waves.add(new WaveProgress(n, sizes.get(n - 1), state, c));
        }
        return waves;
    }

    static InvocationCounts totals(Counts counts) {
        Map<InvocationStatus, Integer> all = new EnumMap<>(InvocationStatus.class);
        for (InvocationStatus status : InvocationStatus.values()) {
            all.put(status, counts.total(status));
        }
        return InvocationCounts.of(all);
    }

    static PlanType toType(Plan plan) {
        List<PlanType.PlanWave> waves = new ArrayList<>();
        for (int n = 0; n < plan.waveSizes().size(); n++) {
            waves.add(new PlanType.PlanWave(n + 1, plan.waveSizes().get(n)));
        }
        List<PlanType.PlanTarget> targets = plan.entries().stream().map(e -> new PlanType.PlanTarget(
                e.instanceId(), e.name(), e.platform(), e.platformVersion(), e.arch(), e.online(), e.wave(),
                e.fileName(), e.fileSha256(), e.fileSize(), e.installedVersion(),
                e.skipReason() == null ? null : e.skipReason().name(), e.skipDetail(),
                e.conflicts().stream().map(UUID::toString).toList(), e.installedState(), e.note())).toList();
        return new PlanType(plan.packageName(), plan.version(), DeploymentAction.valueOf(plan.action()),
                InstallType.valueOf(plan.installType()),
                plan.entries().size(), plan.runnable().size(), (int) plan.skippedCount(), (int) plan.offlineCount(),
                (int) plan.conflictCount(), plan.maxConcurrency(), plan.maxErrors(), plan.warnings(), waves, targets,
                plan.maintenanceWindowOpen(), plan.nextWindowOpensAt());
    }

    static UUID id(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw DistributorException.invalidInput(field, field + " is not an id this API returned: " + value);
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
