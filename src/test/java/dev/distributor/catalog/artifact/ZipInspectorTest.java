package dev.distributor.catalog.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.testing.Zips;

class ZipInspectorTest {

    @TempDir
    Path dir;

    private final ZipInspector inspector = new ZipInspector(100, 1024 * 1024);

    @Test
    void reportsEntriesExpandedSizeAndRootScripts() throws IOException {
        Path zip = write(Zips.linuxPackage("demo").with("update.sh", "#!/bin/sh\n").with("bin/install.sh", "nested"));

        ZipContents contents = inspector.inspect(zip, "demo.zip");

        assertThat(contents.entryCount()).isEqualTo(5);
        assertThat(contents.rootScripts()).containsExactly("install.sh", "uninstall.sh", "update.sh");
        assertThat(contents.expandedSize()).isPositive();
        assertThat(contents.scriptTexts()).containsEntry("update.sh", "#!/bin/sh\n")
                .doesNotContainKey("bin/install.sh");
    }

    @Test
    void refusesAnEntryThatClimbsOutOfTheRoot() throws IOException {
        Path zip = write(Zips.linuxPackage("x").with("../../etc/cron.d/evil", "boom"));

        assertThatThrownBy(() -> inspector.inspect(zip, "evil.zip"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP);
                    assertThat(e.getMessage()).contains("../../etc/cron.d/evil");
                });
    }

    @Test
    void refusesAbsoluteAndDriveLetterPaths() throws IOException {
        for (String name : new String[]{"/etc/passwd", "C:/Windows/evil.dll", "a\\..\\..\\b"}) {
            Path zip = write(Zips.linuxPackage("x").with(name, "boom"));
            assertThatThrownBy(() -> inspector.inspect(zip, "evil.zip")).as(name)
                    .isInstanceOfSatisfying(DistributorException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP));
        }
    }

    @Test
    void refusesAZipThatInflatesPastTheLimit_countingRealBytes() throws IOException {
        Path zip = write(Zips.linuxPackage("x").with("zeros.bin", new byte[2 * 1024 * 1024]));
        assertThat(Files.size(zip)).as("highly compressible").isLessThan(64 * 1024);

        assertThatThrownBy(() -> inspector.inspect(zip, "bomb.zip"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZIP_TOO_LARGE));
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Zips many = Zips.linuxPackage("x");
        for (int i = 0; i < 120; i++) {
            many.with("f" + i, "");
        }
        Path zip = write(many);

        assertThatThrownBy(() -> inspector.inspect(zip, "many.zip"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ZIP_TOO_LARGE));
    }

    @Test
    void refusesBytesThatAreNotAZip() throws IOException {
        Path notZip = dir.resolve("not.zip");
        Files.writeString(notZip, "#!/bin/sh\necho I am a script\n");

        assertThatThrownBy(() -> inspector.inspect(notZip, "not.zip"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ZIP));
    }

    private Path write(Zips zips) throws IOException {
        Path file = Files.createTempFile(dir, "pkg", ".zip");
        Files.write(file, zips.bytes());
        return file;
    }
}
