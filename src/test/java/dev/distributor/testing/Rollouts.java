package dev.distributor.testing;

import static dev.distributor.testing.GraphQL.vars;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/** Deployments and rollouts through the GraphQL API, as an automation script drives them. */
public final class Rollouts {

    public static final String CREATE = """
            mutation($input: CreateDeploymentInput!) {
              createDeployment(input: $input) { id version action installType latestRollout { id state } }
            }
            """;

    public static final String ROLLOUT_FIELDS = """
            id state stateReason pauseCause version currentWave waveSizes waitingFor maxConcurrency maxErrors eventSeq
            counts { total pending queued inProgress success failed timedOut cancelled skipped }
            waves { number size state counts { success failed timedOut pending queued inProgress } }
            """;

    public static final String ROLLOUT = "query($id: String!) { rollout(id: $id) { " + ROLLOUT_FIELDS + " } }";

    private Rollouts() {
    }

    /** Creates a deployment; returns the id of its first (PLANNED) rollout. */
    public static String create(Map<String, Object> input) {
        return GraphQL.ok(CREATE, vars("input", input)).getString("createDeployment.latestRollout.id");
    }

    public static JsonPath createAnswer(Map<String, Object> input) {
        return GraphQL.ok(CREATE, vars("input", input)).setRootPath("data.createDeployment");
    }

    /** Runs a control mutation (startRollout, pauseRollout, ...) and returns the rollout it answered. */
    public static JsonPath control(String mutation, String rolloutId) {
        return GraphQL.ok("mutation($id: String!) { " + mutation + "(id: $id) { " + ROLLOUT_FIELDS + " } }",
                vars("id", rolloutId)).setRootPath("data." + mutation);
    }

    /** Runs a control mutation expecting a refusal; returns the one error. */
    public static JsonPath refused(String mutation, String rolloutId) {
        return GraphQL.error("mutation($id: String!) { " + mutation + "(id: $id) { id } }", vars("id", rolloutId));
    }

    public static JsonPath get(String rolloutId) {
        return GraphQL.ok(ROLLOUT, vars("id", rolloutId)).setRootPath("data.rollout");
    }

    /** Waits until the rollout is in {@code state}; returns it then. */
    public static JsonPath awaitState(String rolloutId, String state, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> state.equals(get(rolloutId).getString("state")));
        return get(rolloutId);
    }

    public static JsonPath plan(Map<String, Object> planInput) {
        return GraphQL.ok("""
                query($input: PlanInput!) {
                  plan(input: $input) {
                    packageName version action installType targetCount runnableCount skippedCount offlineCount
                    conflictCount maxConcurrency maxErrors warnings waves { number size }
                    targets { instanceId platform online wave fileName fileSha256 fileSize installedVersion skipReason
                              skipDetail conflictingRollouts }
                  }
                }
                """, vars("input", planInput)).setRootPath("data.plan");
    }

    /** Invocations of a rollout (first 500), in wave order. */
    public static List<Map<String, Object>> invocations(String rolloutId, String status) {
        return GraphQL
                .ok("""
                        query($id: String!, $status: InvocationStatus) {
                          rollout(id: $id) {
                            invocations(status: $status, first: 500) {
                              totalCount
                              edges { node { instanceId wave status statusReason version attempt exitCode step output commandId } }
                            }
                          }
                        }
                        """,
                        vars("id", rolloutId, "status", status))
                .getList("rollout.invocations.edges.node");
    }

    /** Every invocation of a rollout, in wave and plan order, read page by page (500 a page). */
    public static List<Map<String, Object>> allInvocations(String rolloutId) {
        List<Map<String, Object>> all = new ArrayList<>();
        String after = null;
        while (true) {
            JsonPath page = GraphQL.ok("""
                    query($id: String!, $after: String) {
                      rollout(id: $id) {
                        invocations(first: 500, after: $after) {
                          pageInfo { hasNextPage endCursor }
                          edges { node { instanceId wave status statusReason version attempt exitCode step commandId
                                         queuedAt startedAt finishedAt } }
                        }
                      }
                    }
                    """, vars("id", rolloutId, "after", after)).setRootPath("data.rollout.invocations");
            all.addAll(page.getList("edges.node"));
            if (!page.getBoolean("pageInfo.hasNextPage")) {
                return all;
            }
            after = page.getString("pageInfo.endCursor");
        }
    }

    /** Every event of a rollout, oldest first, read after the last seq seen as a poller would. */
    public static List<Map<String, Object>> events(String rolloutId) {
        return eventsAfter(rolloutId, 0);
    }

    /** The events of a rollout after sequence number {@code afterSeq}, oldest first. */
    public static List<Map<String, Object>> eventsAfter(String rolloutId, int afterSeq) {
        List<Map<String, Object>> all = new ArrayList<>();
        int after = afterSeq;
        while (true) {
            List<Map<String, Object>> page = GraphQL
                    .ok("""
                            query($id: String!, $after: Int!) {
                              rollout(id: $id) { events(afterSeq: $after, first: 1000) { seq at type instanceId status details } }
                            }
                            """,
                            vars("id", rolloutId, "after", after))
                    .getList("rollout.events");
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = (Integer) page.get(page.size() - 1).get("seq");
        }
    }

    /** Changes the version "default" deployments get from their next run on. */
    public static void setDefaultVersion(String packageName, String version) {
        GraphQL.ok(
                """
                        mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { defaultVersion } }
                        """,
                vars("p", packageName, "v", version));
    }

    /** A deployment input selecting by one tag, with the given strategy fields. */
    public static Map<String, Object> deployment(String packageName, String version, String tag,
            Map<String, Object> strategy) {
        return Map.of("packageName", packageName, "version", version, "selector", Map.of("tags", List.of(tag)),
                "strategy", strategy);
    }

    /** A deployment input selecting these instance ids, with the given strategy fields. */
    public static Map<String, Object> deploymentTo(String packageName, String version, List<String> instanceIds,
            Map<String, Object> strategy) {
        return Map.of("packageName", packageName, "version", version,
                "selector", Map.of("instanceIds", instanceIds), "strategy", strategy);
    }
}
