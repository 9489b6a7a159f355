package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.fleet.Arguments;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.Zips;

/** What the plan reads from the zips' scripts: a missing update script is warned about, a validate script decides. */
@QuarkusTest
class PlanScriptsTest {

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

    @Test
    void aTargetWithTheVersionAndArgumentsInstalled_isSkipped_unlessTheZipHasAValidateScriptForTheHostToRun() {
        String plain = Catalog.createPackage("plan-plain");
        Catalog.addLinuxVersion(plain, "1.0.0", true);
        String validated = Catalog.createPackage("plan-validate");
        byte[] zip = Zips.linuxPackage(validated).with("validate.sh", "#!/bin/sh\ntest -x /opt/app/run\n").bytes();
        String sha = Catalog.upload("app-linux.zip", zip);
        Catalog.addVersion(validated, "1.0.0", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha), true);
        String target = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + validated + "\"}", OffsetDateTime.now()));
        Fleet.installed(target, Map.of(plain, "1.0.0", validated, "1.0.0"));
        Agents.update("update installed_package set arguments_hash = ? where instance_id = ?",
                Arguments.hash(Map.of()), target);
        Map<String, Object> selector = Map.of("tags", List.of("fleet=" + validated));

        var withoutValidate = Rollouts.plan(Map.of("deployment", Map.of("packageName", plain, "version", "1.0.0",
                "selector", selector)));
        var withValidate = Rollouts.plan(Map.of("deployment", Map.of("packageName", validated, "version", "1.0.0",
                "selector", selector)));

        assertThat(withoutValidate.getString("targets[0].skipReason")).isEqualTo("ALREADY_INSTALLED");
        assertThat(withoutValidate.getInt("runnableCount")).isZero();
        assertThat(withValidate.getString("targets[0].skipReason")).isNull();
        assertThat(withValidate.getInt("targets[0].wave")).isEqualTo(1);
        assertThat(withValidate.getString("targets[0].installedVersion")).isEqualTo("1.0.0");
    }
}
