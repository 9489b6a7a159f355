package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PowerShell cannot run on the build machines, so the generated .ps1 scripts are pinned by snapshots under
 * {@code src/test/resources/authoring-snapshots/<kind>/}: a change to a Windows template shows up as a reviewed diff of
 * those files. After an intended change, regenerate them with
 * {@code mvn test -Dtest='dev.distributor.catalog.authoring.PowerShellSnapshotTest' -Dsnapshots.update=true} and
 * read the diff before committing.
 */
class PowerShellSnapshotTest {

    /** Read from the source tree, not the class path, so an update rewrites the committed files. */
    private static final Path SNAPSHOTS = Path.of("src/test/resources/authoring-snapshots");

    @ParameterizedTest
    @EnumSource(value = InstallerKind.class, names = {"MSI", "WINDOWS_EXECUTABLE"})
    void theGeneratedPowerShellScripts_matchTheirCommittedSnapshots(InstallerKind kind) throws IOException {
        boolean update = Boolean.getBoolean("snapshots.update");
        Path dir = SNAPSHOTS.resolve(kind.name().toLowerCase(Locale.ROOT));
        for (GeneratedScript script : ScriptGenerator.scriptsFor(kind, "demo-app",
                ScriptGeneratorTest.SAMPLES.get(kind))) {
            Path snapshot = dir.resolve(script.name());
            if (update) {
                Files.createDirectories(dir);
                Files.writeString(snapshot, script.content(), StandardCharsets.UTF_8);
                System.out.println("Rewrote snapshot " + snapshot);
                continue;
            }
            assertThat(snapshot).as("snapshot %s is missing; run with -Dsnapshots.update=true to create it", snapshot)
                    .exists();
            assertThat(script.content()).as("%s differs from its snapshot %s; if intended, run with"
                    + " -Dsnapshots.update=true and review the diff", script.name(), snapshot)
                    .isEqualTo(Files.readString(snapshot, StandardCharsets.UTF_8));
        }
    }
}
