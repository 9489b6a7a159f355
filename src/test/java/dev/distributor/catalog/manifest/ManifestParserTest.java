package dev.distributor.catalog.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class ManifestParserTest {

    private static final String SHA_X64 = TestManifests.sha256Of("x64");
    private static final String SHA_ARM = TestManifests.sha256Of("arm");
    private static final String SHA_WIN = TestManifests.sha256Of("win");

    /** DESIGN.md §3's example, plus keys AWS manifests sometimes carry that the format does not define. */
    private static final String VALID = """
            {
              "schemaVersion": "2.0",
              "version": "1.2.0",
              "publisher": "Example Corp",
              "description": "kept verbatim",
              "packages": {
                "amazon":  { "2": { "x86_64": { "file": "app-linux-x64.zip" }, "arm64": { "file": "app-linux-arm64.zip" } } },
                "ubuntu":  { "_any": { "x86_64": { "file": "app-linux-x64.zip" } } },
                "windows": { "_any": { "x86_64": { "file": "app-windows.zip" } } }
              },
              "files": {
                "app-linux-x64.zip":   { "checksums": { "sha256": "%s" } },
                "app-linux-arm64.zip": { "checksums": { "sha256": "%s" } },
                "app-windows.zip":     { "checksums": { "sha256": "%s" } }
              }
            }
            """
            .formatted(SHA_X64.toUpperCase(), SHA_ARM, SHA_WIN);

    // --- accepted manifests

    @Test
    void givenTheDesignExample_whenParsing_thenEveryEntryIsReadInDocumentOrder() {
        Manifest manifest = ManifestParser.parse(VALID, "1.2.0");

        assertThat(manifest.schemaVersion()).isEqualTo("2.0");
        assertThat(manifest.version()).isEqualTo("1.2.0");
        assertThat(manifest.publisher()).isEqualTo("Example Corp");
        assertThat(manifest.packages().keySet()).containsExactly("amazon", "ubuntu", "windows");
        assertThat(manifest.packages().get("amazon").get("2"))
                .containsExactly(Map.entry("x86_64", "app-linux-x64.zip"), Map.entry("arm64", "app-linux-arm64.zip"));
        assertThat(manifest.files().keySet())
                .containsExactly("app-linux-x64.zip", "app-linux-arm64.zip", "app-windows.zip");
        assertThat(manifest.warnings()).isEmpty();
    }

    @Test
    void givenAnUppercaseChecksum_whenParsing_thenItIsStoredInLowercase() {
        Manifest manifest = ManifestParser.parse(VALID, "1.2.0");

        assertThat(manifest.files()).containsEntry("app-linux-x64.zip", SHA_X64);
    }

    @Test
    void givenUnknownExtraKeys_whenParsing_thenTheyAreKeptInTheStoredJsonExactlyAsSubmitted() {
        String withExtras = VALID.replace("{ \"file\": \"app-windows.zip\" }",
                "{ \"file\": \"app-windows.zip\", \"note\": \"x\" }")
                .replace("\"sha256\": \"" + SHA_WIN + "\"", "\"sha256\": \"" + SHA_WIN + "\", \"md5\": \"abc\"");

        Manifest manifest = ManifestParser.parse(withExtras, "1.2.0");

        assertThat(manifest.json()).isEqualTo(withExtras).contains("\"description\"", "\"note\"", "\"md5\"");
        assertThat(manifest.files()).containsEntry("app-windows.zip", SHA_WIN);
    }

    @Test
    void givenNoExpectedVersion_whenParsing_thenAnyValidVersionIsAccepted() {
        assertThat(ManifestParser.parse(VALID, null).version()).isEqualTo("1.2.0");
    }

    @Test
    void givenNoPublisher_whenParsing_thenThePublisherIsNull() {
        String withoutPublisher = VALID.replace("\"publisher\": \"Example Corp\",", "");

        assertThat(ManifestParser.parse(withoutPublisher, "1.2.0").publisher()).isNull();
    }

    @Test
    void givenAFileUsedByTwoPlatforms_whenAskingWhoUsesIt_thenBothPlatformsAreNamed() {
        Manifest manifest = ManifestParser.parse(VALID, "1.2.0");

        assertThat(manifest.platformsOf("app-linux-x64.zip")).containsExactly("amazon", "ubuntu");
        assertThat(manifest.platformsOf("nothing.zip")).isEmpty();
        assertThat(manifest.referencedFiles())
                .containsExactly("app-linux-x64.zip", "app-linux-arm64.zip", "app-windows.zip");
    }

    // --- the document

    @Test
    void givenEmptyText_whenParsing_thenItIsRejectedAtTheRoot() {
        assertRejected("  ", "$", "the manifest is empty");
    }

    @Test
    void givenAJsonArray_whenParsing_thenItIsRejectedBecauseAManifestIsAnObject() {
        assertRejected("[]", "$", "must be a JSON object, not an array");
    }

    @Test
    void givenBrokenJson_whenParsing_thenTheErrorNamesWhereTheParserStopped() {
        assertRejected("{\"schemaVersion\": \"2.0\", \"version\": }", "$.version", "is not valid JSON (line 1");
    }

    @Test
    void givenTwoManifestsInOneDocument_whenParsing_thenTheTrailingOneIsRejected() {
        assertRejected(VALID + VALID, "$", "is not valid JSON");
    }

    @Test
    void givenADuplicateTopLevelKey_whenParsing_thenItIsRejectedAtThatKey() {
        String duplicated = VALID.replace("\"version\": \"1.2.0\",", "\"version\": \"1.2.0\", \"version\": \"9.9\",");

        assertRejected(duplicated, "$.version", "duplicate key 'version'");
    }

    @Test
    void givenADuplicatePlatformVersionKey_whenParsing_thenItIsRejectedWithItsFullPath() {
        String duplicated = VALID.replace("\"_any\": { \"x86_64\": { \"file\": \"app-windows.zip\" } }",
                "\"_any\": { \"x86_64\": { \"file\": \"app-windows.zip\" } }, \"_any\": {}");

        assertRejected(duplicated, "$.packages.windows._any", "duplicate key '_any'");
    }

    // --- schemaVersion

    @Test
    void givenNoSchemaVersion_whenParsing_thenItIsRequiredAndTheAcceptedValueIsNamed() {
        assertRejected(VALID.replace("\"schemaVersion\": \"2.0\",", ""), "$.schemaVersion",
                "is required; the only accepted value is \"2.0\"");
    }

    @Test
    void givenAnotherSchemaVersion_whenParsing_thenItIsRejectedAndTheAcceptedValueIsNamed() {
        assertRejected(VALID.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": \"1.0\""), "$.schemaVersion",
                "unsupported schema version \"1.0\"; the only accepted value is \"2.0\"");
    }

    @Test
    void givenTheSchemaVersionAsANumber_whenParsing_thenItIsRejectedBecauseAwsUsesAString() {
        assertRejected(VALID.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": 2.0"), "$.schemaVersion",
                "unsupported schema version 2.0");
    }

    // --- version and publisher

    @Test
    void givenNoVersion_whenParsing_thenItIsRequired() {
        assertRejected(VALID.replace("\"version\": \"1.2.0\",", ""), "$.version",
                "is required and must equal the version name '1.2.0'");
    }

    @Test
    void givenAVersionDifferentFromTheVersionName_whenParsing_thenItIsRejected() {
        assertRejectedAs(VALID, "1.3.0", "$.version", "'1.2.0' differs from the version name '1.3.0'");
    }

    @Test
    void givenAVersionWithASpace_whenParsing_thenItIsRejectedEvenWithoutAnExpectedVersion() {
        assertRejectedAs(VALID.replace("\"1.2.0\"", "\"1.2 beta\""), null, "$.version",
                "'1.2 beta' is not a valid version");
    }

    @Test
    void givenAPublisherThatIsNotAString_whenParsing_thenItIsRejected() {
        assertRejected(VALID.replace("\"Example Corp\"", "{\"name\": \"Example Corp\"}"), "$.publisher",
                "must be a string when present, not an object");
    }

    // --- packages

    @Test
    void givenNoPackages_whenParsing_thenTheyAreRequired() {
        String json = """
                {"schemaVersion": "2.0", "version": "1.2.0", "files": {}}
                """;

        assertRejected(json, "$.packages", "is required");
    }

    @Test
    void givenEmptyPackages_whenParsing_thenAtLeastOnePlatformIsRequired() {
        String json = """
                {"schemaVersion": "2.0", "version": "1.2.0", "packages": {}, "files": {}}
                """;

        assertRejected(json, "$.packages", "must name at least one platform");
    }

    @Test
    void givenAPlatformWithNoVersions_whenParsing_thenItIsRejectedBecauseItWouldWinTheMatchWithNothingInIt() {
        String json = VALID.replace("\"packages\": {", "\"packages\": { \"debian\": {},");

        assertRejected(json, "$.packages.debian", "must name at least one platform version");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # key in the valid manifest | replaced by | rejected at                        | because
            ubuntu                      | ubuntu linux | $.packages['ubuntu linux']         | platform key 'ubuntu linux' is not a plain identifier
            ubuntu                      | red/hat      | $.packages['red/hat']              | platform key 'red/hat' is not a plain identifier
            ubuntu                      | ""           | $.packages['']                     | platform key '' is not a plain identifier
            ubuntu                      | *            | $.packages['*']                   | platform key '*' is not a plain identifier: use letters, digits, '_' and '-' only; '*' is a wildcard only for platform versions
            ubuntu                      | it's        | $.packages['it\\'s']            | platform key 'it's' is not a plain identifier
            ubuntu                      | ubuntu.lts   | $.packages['ubuntu.lts']           | platform key 'ubuntu.lts' is not a plain identifier
            2                           | 2 (2023)     | $.packages.amazon['2 (2023)']      | platform version key '2 (2023)' is not a plain identifier
            2                           | 2/x          | $.packages.amazon['2/x']           | platform version key '2/x' is not a plain identifier
            2                           | ""           | $.packages.amazon['']              | platform version key '' is not a plain identifier
            arm64                       | arm 64       | $.packages.amazon['2']['arm 64']   | architecture key 'arm 64' is not a plain identifier
            arm64                       | *            | $.packages.amazon['2']['*']        | '*' is a wildcard only for platform versions, use '_any'
            arm64                       | arm64.v8     | $.packages.amazon['2']['arm64.v8'] | architecture key 'arm64.v8' is not a plain identifier
            """)
    void givenAKeyThatIsNotAPlainIdentifier_whenParsing_thenItIsRejectedAtThatKey(String key, String replacement,
            String path, String message) {
        String json = VALID.replace("\"" + key + "\":", "\"" + replacement + "\":");

        assertRejected(json, path, message);
    }

    @Test
    void givenAnEntryWithoutAFile_whenParsing_thenTheFileIsRequiredAtTheEntry() {
        String json = VALID.replace("{ \"file\": \"app-windows.zip\" }", "{ \"name\": \"app-windows.zip\" }");

        assertRejected(json, "$.packages.windows._any.x86_64.file", "is required");
    }

    @Test
    void givenAnEntryThatIsAPlainString_whenParsing_thenItMustBeAnObjectWithAFile() {
        String json = VALID.replace("{ \"file\": \"app-windows.zip\" }", "\"app-windows.zip\"");

        assertRejected(json, "$.packages.windows._any.x86_64", "must be an object such as {\"file\": \"app.zip\"}");
    }

    // --- files

    @Test
    void givenAReferencedFileThatIsNotListed_whenParsing_thenItIsRejectedWhereItIsReferenced() {
        String json = VALID.replace("{ \"file\": \"app-windows.zip\" }",
                "{ \"file\": \"app-windows.zip\" }, \"386\": { \"file\": \"app-windows-386.zip\" }");

        assertRejected(json, "$.packages.windows._any['386'].file",
                "file 'app-windows-386.zip' is not listed under $.files");
    }

    @Test
    void givenAListedFileThatNoEntryReferences_whenParsing_thenItIsRejected() {
        String json = VALID.replace("\"files\": {",
                "\"files\": { \"extra.zip\": { \"checksums\": { \"sha256\": \"" + SHA_WIN + "\" } },");

        assertRejected(json, "$.files['extra.zip']", "is listed but not referenced by any package entry");
    }

    @Test
    void givenNoFilesSection_whenParsing_thenOnlyTheMissingSectionIsReportedNotEachReference() {
        String json = """
                {"schemaVersion": "2.0", "version": "1.2.0",
                 "packages": {"ubuntu": {"_any": {"x86_64": {"file": "a.zip"}, "arm64": {"file": "b.zip"}}}}}
                """;

        DistributorException error = rejection(json, "1.2.0");

        assertThat(error.details()).containsEntry("jsonPath", "$.files");
        assertThat(error.getMessage()).startsWith("The manifest has 1 problem: $.files: is required");
    }

    @ParameterizedTest(name = "[{index}] file name {0}")
    @CsvSource(quoteCharacter = '"', textBlock = """
            ..
            .
            app windows.zip
            ../app-windows.zip
            app-windows.zip?
            """)
    void givenAFileNameThatIsNotSafe_whenParsing_thenItIsRejectedAtThatFile(String name) {
        String json = VALID.replace("app-windows.zip", name);

        assertRejected(json, JsonPaths.child("$.files", name), "'" + name + "' is not a valid file name");
    }

    @Test
    void givenAFileNameOf256Characters_whenParsing_thenItIsRejectedAsTooLong() {
        String name = "a".repeat(252) + ".zip";

        assertRejected(VALID.replace("app-windows.zip", name), "$.files['" + name + "']", "is not a valid file name");
    }

    @Test
    void givenAShortChecksum_whenParsing_thenItIsRejectedAtTheSha256() {
        String json = VALID.replace(SHA_WIN, SHA_WIN.substring(1));

        assertRejected(json, "$.files['app-windows.zip'].checksums.sha256", "is not a sha256");
    }

    @Test
    void givenAChecksumWithANonHexCharacter_whenParsing_thenItIsRejectedAtTheSha256() {
        String json = VALID.replace(SHA_WIN, "g" + SHA_WIN.substring(1));

        assertRejected(json, "$.files['app-windows.zip'].checksums.sha256", "64 hexadecimal characters");
    }

    @Test
    void givenOnlyAnotherChecksumAlgorithm_whenParsing_thenTheSha256IsStillRequired() {
        String json = VALID.replace("\"sha256\": \"" + SHA_WIN + "\"", "\"md5\": \"d41d8cd98f00b204e9800998ecf8427e\"");

        assertRejected(json, "$.files['app-windows.zip'].checksums.sha256", "is required");
    }

    @Test
    void givenAFileWithoutChecksums_whenParsing_thenTheChecksumsAreRequired() {
        String json = VALID.replace("{ \"checksums\": { \"sha256\": \"" + SHA_WIN + "\" } }", "{}");

        assertRejected(json, "$.files['app-windows.zip'].checksums", "is required, with a sha256");
    }

    // --- warnings

    @Test
    void givenPlatformsAndArchitecturesOutsideTheKnownTable_whenParsing_thenTheyAreAcceptedWithWarnings() {
        Manifest manifest = TestManifests.fromTable("""
                rocky   | 9    | x86_64  | rocky.zip
                _any    | _any | _any    | any.zip
                ubuntu  | _any | ppc64le | ubuntu-ppc.zip
                oracle  | 8    | arm64   | oracle-arm.zip
                windows | _any | 386     | windows-386.zip
                """);

        assertThat(manifest.warnings()).extracting(ManifestProblem::jsonPath)
                .containsExactly("$.packages.rocky", "$.packages.ubuntu._any.ppc64le",
                        "$.packages.oracle['8'].arm64");
        assertThat(manifest.warnings().get(0).message()).contains("platform 'rocky' is not one of the known platforms");
        assertThat(manifest.warnings().get(1).message()).contains("it is accepted and matches only hosts reporting");
        assertThat(manifest.warnings().get(2).message())
                .contains("does not list architecture 'arm64' for Oracle Linux");
    }

    // --- reporting

    @Test
    void givenSeveralProblems_whenParsing_thenAllAreReportedTogetherAndTheFirstLocatesTheError() {
        String json = VALID.replace(SHA_WIN, "not-a-checksum")
                .replace("\"files\": {",
                        "\"files\": { \"extra.zip\": { \"checksums\": { \"sha256\": \"" + SHA_ARM + "\" } },");

        DistributorException error = rejection(json, "2.0.0");

        assertThat(error.getMessage()).isEqualTo("The manifest has 3 problems: "
                + "$.version: '1.2.0' differs from the version name '2.0.0'; they must be equal; "
                + "$.files['app-windows.zip'].checksums.sha256: \"not-a-checksum\" is not a sha256: it must be 64"
                + " hexadecimal characters; "
                + "$.files['extra.zip']: is listed but not referenced by any package entry; reference it or remove it");
        assertThat(error.details()).containsEntry("jsonPath", "$.version");
        assertThat((List<?>) error.details().get("problems")).hasSize(3);
    }

    private static void assertRejected(String json, String jsonPath, String messageFragment) {
        assertRejectedAs(json, "1.2.0", jsonPath, messageFragment);
    }

    private static void assertRejectedAs(String json, String expectedVersion, String jsonPath, String messageFragment) {
        DistributorException error = rejection(json, expectedVersion);

        assertThat(error.details()).containsEntry("jsonPath", jsonPath);
        assertThat(error.getMessage()).contains(jsonPath + ": ").contains(messageFragment);
    }

    private static DistributorException rejection(String json, String expectedVersion) {
        Throwable thrown = catchThrowable(() -> ManifestParser.parse(json, expectedVersion));
        assertThat(thrown).isInstanceOf(DistributorException.class);
        DistributorException error = (DistributorException) thrown;
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        return error;
    }
}
