package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.Rollouts;

/** The plan says in words what will fail if the run starts as planned. */
@QuarkusTest
class PlanWarningsTest {

    @Test
    void anInPlaceUpdateOfAFileWithoutAnUpdateScript_isWarnedAbout_andAReinstallIsNot() {
        String pkg = Catalog.createPackage("plan-warn");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String target = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));
        Map<String, Object> selector = Map.of("tags", List.of("fleet=" + pkg));

        var inPlace = Rollouts.plan(Map.of("deployment", Map.of("packageName", pkg, "version", "1.0.0",
                "installType", "IN_PLACE", "selector", selector)));
        var reinstall = Rollouts.plan(Map.of("deployment", Map.of("packageName", pkg, "version", "1.0.0",
                "installType", "REINSTALL", "selector", selector)));

        assertThat(inPlace.getList("warnings", String.class)).containsExactly("app-linux.zip has no update script, "
                + "so IN_PLACE will fail on the 1 target(s) that get it (" + target + "); deploy with REINSTALL or "
                + "add update.sh/update.ps1.");
        assertThat(reinstall.getList("warnings")).isEmpty();
    }
}
