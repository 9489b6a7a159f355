package dev.distributor.rollout.schedule;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;

/** createDeployment checks the schedule before anything is stored, and answers it as stored. */
@QuarkusTest
class ScheduleInputTest {

    static final String CREATE = """
            mutation($input: CreateDeploymentInput!) {
              createDeployment(input: $input) {
                id version
                schedule { kind cron timeZone nextRunAt overlap paused pausedReason
                           maintenanceWindows { cron durationSeconds } }
                latestRollout { id }
              }
            }
            """;

    @Inject
    ServiceClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aScheduleThatCannotWork_isRefusedWithItsField_andNothingIsStored() {
        String pkg = Catalog.createPackage("schedule-refused");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));

        assertRefused(pkg, "default", schedule("kind", "CRON"), "schedule.cron");
        assertRefused(pkg, "default", schedule("kind", "CRON", "cron", "61 * * * *"), "schedule.cron");
        assertRefused(pkg, "default", schedule("kind", "CRON", "cron", "0 2 * *"), "schedule.cron");
        assertRefused(pkg, "default", schedule("kind", "CRON", "cron", "0 2 30 2 *"), "schedule.cron");
        assertRefused(pkg, "default", schedule("kind", "CRON", "cron", "0 2 * * *", "timeZone", "Mars/Olympus"),
                "schedule.timeZone");
        assertRefused(pkg, "default", schedule("kind", "CRON", "cron", "0 2 * * *", "timeZone", "+02:00"),
                "schedule.timeZone");
        assertRefused(pkg, "default", schedule("kind", "ONCE", "cron", "0 2 * * *"), "schedule.cron");
        assertRefused(pkg, "1.0.0", schedule("kind", "ON_DEFAULT_VERSION_CHANGE"), "version");
        assertRefused(pkg, "default", schedule("kind", "ONCE", "maintenanceWindows",
                Collections.nCopies(21, window("0 22 * * 6", 3600))), "schedule.maintenanceWindows");
        assertRefused(pkg, "default", schedule("kind", "ONCE", "maintenanceWindows",
                List.of(window("0 22 * * 6", 3600), window("0 22 * * 0", 0))),
                "schedule.maintenanceWindows[1].durationSeconds");
        assertRefused(pkg, "default", schedule("kind", "ONCE", "maintenanceWindows",
                List.of(window("0 22 * * 6", 604_801))), "schedule.maintenanceWindows[0].durationSeconds");
        assertRefused(pkg, "default", schedule("kind", "ONCE", "maintenanceWindows",
                List.of(window("0 25 * * 6", 3600))), "schedule.maintenanceWindows[0].cron");
        // A zone every window is read in is refused under its own name, not under a window's.
        assertRefused(pkg, "default", schedule("kind", "ONCE", "timeZone", "Nowhere/Land", "maintenanceWindows",
                List.of(window("0 22 * * 6", 3600))), "schedule.timeZone");

        assertThat(Agents.row("select count(*) from deployment where package_name = ?", pkg)).containsExactly(0L);
        assertThat(Agents.row("select count(*) from rollout r join deployment d on d.id = r.deployment_id "
                + "where d.package_name = ?", pkg)).containsExactly(0L);
    }

    @Test
    void aCronDeployment_isStoredWithItsSchedule_itsNextFiring_andNoRunYet() {
        String pkg = Catalog.createPackage("schedule-cron");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        // Given no target yet: a scheduled deployment may wait for targets that come later.
        JsonPath created = create(pkg, "default", schedule("kind", "CRON", "cron", "30  4 * *   1-5", "timeZone",
                "Europe/Berlin", "overlap", "WAIT", "maintenanceWindows",
                List.of(window("0 22 * * 6", 14_400), window("0 3 * * *", 3600))));
        String id = created.getString("data.createDeployment.id");
        try {
            assertThat(created.getString("data.createDeployment.latestRollout")).isNull();
            JsonPath schedule = new JsonPath(created.prettify()).setRootPath("data.createDeployment.schedule");
            assertThat(schedule.getString("kind")).isEqualTo("CRON");
            assertThat(schedule.getString("cron")).isEqualTo("30 4 * * 1-5");
            assertThat(schedule.getString("timeZone")).isEqualTo("Europe/Berlin");
            assertThat(schedule.getString("overlap")).isEqualTo("WAIT");
            assertThat(schedule.getBoolean("paused")).isFalse();
            assertThat(schedule.getString("pausedReason")).isNull();
            assertThat(schedule.getList("maintenanceWindows.cron")).containsExactly("0 22 * * 6", "0 3 * * *");
            assertThat(schedule.getList("maintenanceWindows.durationSeconds", Integer.class)).containsExactly(14_400,
                    3600);
            // nextRunAt is the next weekday 04:30 in Berlin after now.
            OffsetDateTime next = OffsetDateTime.parse(schedule.getString("nextRunAt"));
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            var local = next.atZoneSameInstant(ZoneId.of("Europe/Berlin"));
            assertThat(local.getHour()).isEqualTo(4);
            assertThat(local.getMinute()).isEqualTo(30);
            assertThat(local.getDayOfWeek().getValue()).isBetween(1, 5);
            assertThat(next).isAfter(now).isBefore(now.plusDays(4));
        } finally {
            pause(id);
        }
    }

    @Test
    void aCronScheduleInTokyo_firesAtTwoInTheMorningThere_whichIsFivePmUtc() {
        String pkg = Catalog.createPackage("schedule-tokyo");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        JsonPath created = create(pkg, "default", schedule("kind", "CRON", "cron", "0 2 * * *", "timeZone",
                "Asia/Tokyo"));
        try {
            OffsetDateTime next = OffsetDateTime.parse(
                    created.getString("data.createDeployment.schedule.nextRunAt"));
            assertThat(next.withOffsetSameInstant(ZoneOffset.UTC).getHour()).isEqualTo(17);
            assertThat(next.getMinute()).isZero();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            assertThat(next).isAfter(now).isBefore(now.plusDays(1).plusMinutes(1));
            // The overlap policy defaults to SKIP.
            assertThat(created.getString("data.createDeployment.schedule.overlap")).isEqualTo("SKIP");
        } finally {
            pause(created.getString("data.createDeployment.id"));
        }
    }

    // -------------------------------------------------------------------- helpers

    static Map<String, Object> schedule(Object... keysAndValues) {
        return vars(keysAndValues);
    }

    static Map<String, Object> window(String cron, long durationSeconds) {
        return Map.of("cron", cron, "durationSeconds", durationSeconds);
    }

    private static Map<String, Object> input(String pkg, String version, Map<String, Object> schedule) {
        Map<String, Object> input = new HashMap<>();
        input.put("packageName", pkg);
        input.put("version", version);
        input.put("selector", Map.of("tags", List.of("fleet=" + pkg)));
        input.put("schedule", schedule);
        return input;
    }

    private static JsonPath create(String pkg, String version, Map<String, Object> schedule) {
        JsonPath response = GraphQL.post(CREATE, vars("input", input(pkg, version, schedule)));
        assertThat(response.getList("errors")).as(response.prettify()).isNull();
        return response;
    }

    private static void assertRefused(String pkg, String version, Map<String, Object> schedule, String field) {
        JsonPath error = GraphQL.error(CREATE, vars("input", input(pkg, version, schedule)));
        assertThat(error.getString("extensions.code")).as(schedule + " -> " + error.prettify())
                .isEqualTo("INVALID_INPUT");
        assertThat(error.getString("extensions.field")).as(schedule + " -> " + error.prettify()).isEqualTo(field);
    }

    /** A schedule left active would fire in a later test that moves the clock. */
    static void pause(String deploymentId) {
        GraphQL.ok("mutation($id: String!) { pauseSchedule(deploymentId: $id) { id } }", vars("id", deploymentId));
    }
}
