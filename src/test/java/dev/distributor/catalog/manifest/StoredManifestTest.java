package dev.distributor.catalog.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/** Reading a stored manifest maps what was verified at upload and applies no rule of today's parser. */
class StoredManifestTest {

    private static final String SHA_LINUX = TestManifests.sha256Of("linux");
    private static final String SHA_WIN = TestManifests.sha256Of("win");

    /** Unknown keys, an upper-case hash, a platform and an architecture outside AWS's table (two warnings). */
    private static final String VALID = """
            {
              "schemaVersion": "2.0",
              "version": "1.2.0",
              "publisher": "Example Corp",
              "description": "kept verbatim",
              "packages": {
                "plan9":   { "4": { "x86_64": { "file": "app-linux.zip" } } },
                "ubuntu":  { "_any": { "x86_64": { "file": "app-linux.zip" }, "riscv64": { "file": "app-linux.zip" } } },
                "windows": { "_any": { "_any": { "file": "app-windows.zip" } } }
              },
              "files": {
                "app-linux.zip":   { "checksums": { "sha256": "%s", "md5": "ignored" } },
                "app-windows.zip": { "checksums": { "sha256": "%s" } }
              }
            }
            """
            .formatted(SHA_LINUX.toUpperCase(), SHA_WIN);

    @Test
    void givenAManifestTheParserAccepts_whenReadAsStored_thenItIsTheManifestTheParserBuilt_warningsIncluded() {
        Manifest parsed = ManifestParser.parse(VALID, "1.2.0");

        Manifest stored = StoredManifest.read(VALID);

        assertThat(parsed.warnings()).hasSize(2);
        assertThat(stored).isEqualTo(parsed);
        assertThat(stored.files()).containsEntry("app-linux.zip", SHA_LINUX);
    }

    @Test
    void givenTheTablesManifests_whenReadAsStored_thenEachEqualsItsParse() {
        for (String table : new String[]{"""
                ubuntu | _any | x86_64 | u.zip
                amazon | 2    | arm64  | a.zip
                """, """
                windows | 10.* | _any | w.zip
                _any    | _any | _any | any.zip
                """}) {
            String json = TestManifests.toJson(table);

            assertThat(StoredManifest.read(json)).isEqualTo(ManifestParser.parse(json, null));
        }
    }

    @Test
    void givenAManifestATodaysRuleRefuses_whenReadAsStored_thenItsFilesAndEntriesAreRead() {
        // '+' in a file name: refused by the file-name rule today, as if stored before that rule existed.
        String json = """
                {"schemaVersion": "2.0", "version": "1.0.0",
                 "packages": {"ubuntu": {"_any": {"x86_64": {"file": "app+linux.zip"}}}},
                 "files": {"app+linux.zip": {"checksums": {"sha256": "%s"}},
                           "unreferenced.zip": {"checksums": {"sha256": "%s"}}}}
                """.formatted(SHA_LINUX, SHA_WIN);
        Throwable refused = catchThrowable(() -> ManifestParser.parse(json, "1.0.0"));

        Manifest stored = StoredManifest.read(json);

        assertThat(refused).isInstanceOf(DistributorException.class);
        assertThat(((DistributorException) refused).code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(stored.files()).containsExactly(Map.entry("app+linux.zip", SHA_LINUX),
                Map.entry("unreferenced.zip", SHA_WIN));
        assertThat(stored.packages().get("ubuntu").get("_any")).containsExactly(Map.entry("x86_64", "app+linux.zip"));
        assertThat(FileSelector.select(stored, "ubuntu", "22.04", "x86_64").file()).isEqualTo("app+linux.zip");
        assertThat(stored.json()).isEqualTo(json);
    }

    @Test
    void givenADamagedStoredRow_whenRead_thenItIsAnInternalError_notAPublishersMistake() {
        Throwable notJson = catchThrowable(() -> StoredManifest.read("{\"schemaVersion\": "));
        Throwable noFiles = catchThrowable(() -> StoredManifest.read("""
                {"schemaVersion": "2.0", "version": "1.0.0", "packages": {}}
                """));

        assertThat(notJson).isInstanceOf(DistributorException.class);
        assertThat(((DistributorException) notJson).code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(noFiles).isInstanceOf(DistributorException.class).hasMessageContaining("$.files is not an object");
        assertThat(((DistributorException) noFiles).code()).isEqualTo(ErrorCode.INTERNAL);
    }
}
