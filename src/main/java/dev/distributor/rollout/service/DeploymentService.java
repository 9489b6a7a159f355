package dev.distributor.rollout.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.Timestamps;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.error.Texts;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.service.TargetService;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.Schedule;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.plan.Plan;
import dev.distributor.rollout.plan.Planner;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.schedule.CronSchedule;
import dev.distributor.rollout.schedule.MaintenanceWindow;
import dev.distributor.rollout.schedule.MaintenanceWindows;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Creating, finding and planning deployments. A new ONCE deployment comes with its first run, PLANNED; a scheduled one
 * (CRON, ON_DEFAULT_VERSION_CHANGE, ON_NEW_TARGET) starts its runs itself, and may select no target yet.
 */
@ApplicationScoped
public class DeploymentService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final Planner planner;
    private final ObjectMapper json;
    private final DeploymentRepository deployments;
    private final ServiceClock clock;

    public DeploymentService(AccessControl access, UnitOfWork unitOfWork, Planner planner, ObjectMapper json,
            DeploymentRepository deployments, ServiceClock clock) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.planner = planner;
        this.json = json;
        this.deployments = deployments;
        this.clock = clock;
    }

    public Uni<DeploymentEntity> create(NewDeployment request) {
        // Access first: a caller who may not deploy is refused as such, whatever the request holds.
        return access.require(Permission.DEPLOY, "deployment.create")
                .chain(caller -> store(caller, request, validated(request)));
    }

    private Uni<DeploymentEntity> store(Actor caller, NewDeployment request, DeploymentEntity deployment) {
        return unitOfWork.change(caller, "deployment.create", "deployment/" + deployment.id,
                (session, actor) -> existing(session, request.idempotencyKey())
                        .chain(found -> {
                            if (found != null) {
                                return Uni.createFrom().item(found);
                            }
                            deployment.createdBy = actor.subject();
                            deployment.createdAt = Timestamps.now();
                            // Checks package and version now, so a deployment that cannot run is refused at once.
                            return planner.plan(session, deployment, selector(deployment), null)
                                    .invoke(plan -> canonicalNames(deployment, plan))
                                    .chain(plan -> {
                                        // A scheduled deployment may wait for targets that come later.
                                        if (plan.entries().isEmpty()
                                                && deployment.scheduleKind == ScheduleKind.ONCE) {
                                            return Uni.createFrom().failure(noTargets());
                                        }
                                        return scheduleStart(session, deployment)
                                                .chain(() -> session.persist(deployment))
                                                .chain(() -> deployment.scheduleKind == ScheduleKind.ONCE
                                                        ? session.persist(firstRun(deployment))
                                                        : Uni.createFrom().voidItem())
                                                .replaceWith(deployment);
                                    });
                        }),
                created -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("deploymentId", created.id.toString());
                    details.put("package", created.packageName);
                    details.put("version", created.versionSpec);
                    details.put("action", created.action.name());
                    details.put("installType", created.installType.name());
                    details.put("schedule", created.scheduleKind.name());
                    return details;
                });
    }

    /**
     * Where a scheduled deployment's schedule starts from: a CRON one's first firing after now (service clock); an
     * ON_DEFAULT_VERSION_CHANGE one's count of the package's default-version changes so far, so only later changes
     * start runs.
     */
    private Uni<Void> scheduleStart(Mutiny.Session session, DeploymentEntity deployment) {
        if (deployment.scheduleKind == ScheduleKind.CRON) {
            CronSchedule cron = CronSchedule.parse("schedule", deployment.cronExpression, deployment.timeZone);
            return clock.now(session)
                    .invoke(now -> deployment.nextRunAt = cron.nextAfter(now).orElse(null))
                    .replaceWithVoid();
        }
        if (deployment.scheduleKind == ScheduleKind.ON_DEFAULT_VERSION_CHANGE) {
            return deployments.defaultVersionSeq(session, deployment.packageName)
                    .invoke(seq -> deployment.defaultVersionSeen = seq)
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    /**
     * Stores the package and version as the catalog spells them: lookups ignore case (docs/ROLLOUTS.md "Names and
     * case"), but commands, inventory and filters compare names exactly, so a deployment asked for {@code DEMO} must
     * install {@code demo}.
     */
    private static void canonicalNames(DeploymentEntity deployment, Plan plan) {
        deployment.packageName = plan.packageName();
        if (!deployment.followsDefault() && plan.version() != null) {
            deployment.versionSpec = plan.version();
        }
    }

    /** The plan of a stored deployment, as a run started now would follow it. */
    public Uni<Plan> plan(UUID deploymentId) {
        return access.require(Permission.VIEW, "deployment.plan")
                .chain(viewer -> unitOfWork.read(session -> find(session, deploymentId)
                        .chain(deployment -> planner.plan(session, deployment, selector(deployment), null))));
    }

    /** The plan of a deployment not created yet (the console's preview before "Create"). */
    public Uni<Plan> preview(NewDeployment request) {
        return access.require(Permission.VIEW, "deployment.preview").chain(viewer -> {
            DeploymentEntity deployment = validated(request);
            return unitOfWork.read(session -> planner.plan(session, deployment, request.selector(), null));
        });
    }

    /**
     * What the plan query answers: the plan of a stored deployment ({@code deploymentId}) or of one not created yet
     * ({@code draft}), exactly one of them given (else INVALID_INPUT). Both are read only once the caller may view, so
     * a caller who may not is refused as such, whatever the input holds.
     */
    public Uni<Plan> plan(Supplier<UUID> deploymentId, Supplier<NewDeployment> draft) {
        return access.require(Permission.VIEW, "deployment.plan").chain(viewer -> {
            if ((deploymentId == null) == (draft == null)) {
                throw DistributorException.invalidInput("input", "Give exactly one of deploymentId and deployment.");
            }
            return deploymentId != null ? plan(deploymentId.get()) : preview(draft.get());
        });
    }

    public Uni<DeploymentEntity> find(UUID id) {
        return access.require(Permission.VIEW, "deployment.find")
                .chain(viewer -> unitOfWork.read(session -> find(session, id)));
    }

    /** The deployments with these ids, in one query, by id. */
    public Uni<Map<UUID, DeploymentEntity>> findAll(Collection<UUID> ids) {
        return access.require(Permission.VIEW, "deployment.findAll")
                .chain(viewer -> unitOfWork.read(session -> deployments.findAll(session, ids)
                        .map(rows -> {
                            Map<UUID, DeploymentEntity> byId = new HashMap<>();
                            rows.forEach(d -> byId.put(d.id, d));
                            return byId;
                        })));
    }

    public Uni<Page.Slice<DeploymentEntity>> list(String packageName, Page page) {
        return access.require(Permission.VIEW, "deployment.list").chain(viewer -> {
            if (packageName != null) {
                Names.packageName("packageName", packageName);
            }
            DeploymentRepository.After after = page.afterKey() == null ? null : cursor(page.afterKey());
            return unitOfWork.read(session -> deployments
                    .list(session, packageName, after, page.fetchSize())
                    .map(rows -> page.slice(rows, d -> d.createdAt + "|" + d.id)));
        });
    }

    private static DeploymentRepository.After cursor(String key) {
        String[] parts = key.split("\\|", 2);
        try {
            return new DeploymentRepository.After(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw DistributorException.invalidInput("after", "after is not a cursor this API returned.");
        }
    }

    public Uni<Long> count(String packageName) {
        return access.require(Permission.VIEW, "deployment.count")
                .chain(viewer -> unitOfWork.read(session -> deployments.count(session, packageName)));
    }

    /** The deployment, in the caller's session; DEPLOYMENT_NOT_FOUND when there is none. */
    public Uni<DeploymentEntity> find(Mutiny.Session session, UUID id) {
        return deployments.find(session, id)
                .onItem().ifNull().failWith(() -> new DistributorException(ErrorCode.DEPLOYMENT_NOT_FOUND,
                        "No deployment has id " + id + "."));
    }

    public TargetSelector selector(DeploymentEntity deployment) {
        try {
            return json.readValue(deployment.selector, TargetSelector.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("deployment.selector is not a selector", e);
        }
    }

    private Uni<DeploymentEntity> existing(Mutiny.Session session, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return deployments.lockAndFindByKey(session, idempotencyKey);
    }

    private DeploymentEntity validated(NewDeployment request) {
        DeploymentEntity deployment = new DeploymentEntity();
        deployment.id = UUID.randomUUID();
        deployment.name = Texts.oneLine("name", request.name(), 200);
        deployment.packageName = Names.packageName("package", request.packageName());
        deployment.versionSpec = request.version() == null || request.version().isBlank()
                ? DeploymentEntity.DEFAULT_VERSION
                : Names.versionName("version", request.version());
        deployment.action = required("action", request.action(), DeploymentAction.values());
        deployment.installType = required("installType", request.installType(), InstallType.values());
        deployment.arguments = Arguments.validated(request.arguments());
        if (request.selector() == null || request.selector().isEmpty()) {
            throw DistributorException.invalidInput("selector", "Name the targets: give instance ids, tags, "
                    + "accounts, regions or platforms (an empty selector would reach the whole fleet).");
        }
        TargetService.checked("selector", request.selector().toFilter());
        try {
            deployment.selector = json.writeValueAsString(request.selector());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a selector always serialises", e);
        }
        deployment.apply(request.strategy().validated());
        applySchedule(deployment, request.schedule() == null ? Schedule.ONCE : request.schedule());
        if (request.idempotencyKey() != null && (request.idempotencyKey().isBlank()
                || request.idempotencyKey().length() > 200)) {
            throw DistributorException.invalidInput("idempotencyKey", "idempotencyKey must have 1 to 200 characters.");
        }
        Texts.oneLine("idempotencyKey", request.idempotencyKey(), 200);
        deployment.idempotencyKey = request.idempotencyKey();
        return deployment;
    }

    /**
     * Checks the schedule and copies it: the cron expression (CRON only) and every window parse in the time zone
     * (INVALID_INPUT with field schedule.cron, schedule.timeZone, schedule.maintenanceWindows[i].*); a deployment that
     * follows default version changes installs "default".
     */
    private static void applySchedule(DeploymentEntity deployment, Schedule schedule) {
        ScheduleKind kind = required("schedule.kind", schedule.kind(), ScheduleKind.values());
        String zone = schedule.timeZone() == null || schedule.timeZone().isBlank() ? "UTC" : schedule.timeZone();
        // The zone first, under its own name: every window is read in it, and would be refused under its own field.
        CronSchedule.zoneOf("schedule.timeZone", zone);
        if (kind == ScheduleKind.CRON) {
            deployment.cronExpression = CronSchedule.parse("schedule", schedule.cron(), zone).expression();
        } else if (schedule.cron() != null) {
            throw DistributorException.invalidInput("schedule.cron", "A cron expression belongs to a CRON schedule; "
                    + "this one is " + kind + ".");
        }
        List<Schedule.Window> windows = schedule.windows() == null ? List.of() : schedule.windows();
        if (windows.size() > MaintenanceWindows.MAX_WINDOWS) {
            throw DistributorException.invalidInput("schedule.maintenanceWindows", "At most "
                    + MaintenanceWindows.MAX_WINDOWS + " maintenance windows are allowed; got " + windows.size() + ".");
        }
        List<MaintenanceWindow> parsed = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Schedule.Window window = windows.get(i);
            parsed.add(MaintenanceWindow.of("schedule.maintenanceWindows[" + i + "]", window.cron(),
                    window.durationSeconds(), zone));
        }
        MaintenanceWindows checked = new MaintenanceWindows(parsed);
        if (kind == ScheduleKind.ON_DEFAULT_VERSION_CHANGE) {
            if (!deployment.followsDefault()) {
                throw DistributorException.invalidInput("version", "An ON_DEFAULT_VERSION_CHANGE deployment installs "
                        + "the new default version each time: give version 'default' (or none), not "
                        + deployment.versionSpec + ".");
            }
            if (deployment.action != DeploymentAction.INSTALL) {
                throw DistributorException.invalidInput("action", "An ON_DEFAULT_VERSION_CHANGE deployment installs "
                        + "the new default version; UNINSTALL has no version to follow.");
            }
        }
        deployment.scheduleKind = kind;
        deployment.timeZone = zone;
        deployment.overlapPolicy = schedule.overlap() == null ? OverlapPolicy.SKIP : schedule.overlap();
        deployment.maintenanceWindows = checked.windows().isEmpty() ? null : checked.toJson();
    }

    private static <E extends Enum<E>> E required(String field, E value, E[] allowed) {
        if (value == null) {
            throw DistributorException.invalidInput(field, field + " must be one of " + List.of(allowed) + "; got "
                    + "null.");
        }
        return value;
    }

    private static RolloutEntity firstRun(DeploymentEntity deployment) {
        RolloutEntity rollout = new RolloutEntity();
        rollout.id = UUID.randomUUID();
        rollout.deploymentId = deployment.id;
        rollout.runNumber = 1;
        rollout.state = RolloutState.PLANNED;
        rollout.createdBy = deployment.createdBy;
        rollout.createdAt = deployment.createdAt;
        rollout.updatedAt = deployment.createdAt;
        return rollout;
    }

    static DistributorException noTargets() {
        return new DistributorException(ErrorCode.NO_TARGETS, "The selector matches no registered target.");
    }
}
