package dev.distributor.catalog.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** File selection must pick exactly what the AWS SSM agent picks (DESIGN.md §3), misses included. */
class FileSelectorTest {

    /** Every level has an exact key and a fallback, to show which one wins and that misses never backtrack. */
    private static final Manifest LEVELS = TestManifests.fromTable("""
            ubuntu  | 20.04 | x86_64 | ubuntu-20.04-x64.zip
            ubuntu  | 20.04 | arm64  | ubuntu-20.04-arm64.zip
            ubuntu  | _any  | x86_64 | ubuntu-any-x64.zip
            amazon  | 2     | x86_64 | amazon-2-x64.zip
            amazon  | 2     | _any   | amazon-2-anyarch.zip
            amazon  | *     | x86_64 | amazon-star-x64.zip
            centos  | 8     | x86_64 | centos-8-x64.zip
            _any    | _any  | _any   | fallback.zip
            """);

    /** The parser rejects an architecture key '*'; the selector must still never treat it as a wildcard. */
    private static final Manifest STAR_ARCH = TestManifests.uncheckedFromTable("""
            redhat  | 8     | *      | redhat-8-star-arch.zip
            """);

    /** No wildcard platform: an unknown platform gets nothing. */
    private static final Manifest NO_ANY_PLATFORM = TestManifests.fromTable("""
            ubuntu  | 20.04 | x86_64 | ubuntu-20.04-x64.zip
            debian  | _any  | x86_64 | debian-any-x64.zip
            debian  | *     | x86_64 | debian-star-x64.zip
            """);

    private static final Manifest PREFIXES = TestManifests.fromTable("""
            centos  | 6.*     | x86_64 | centos-6.zip
            centos  | 6.2.*   | x86_64 | centos-6.2.zip
            centos  | 6.2.4.* | x86_64 | centos-6.2.4.zip
            centos  | 6.*.4   | x86_64 | centos-6-star-4.zip
            centos  | 7.1     | x86_64 | centos-7.1.zip
            centos  | 7.*     | x86_64 | centos-7.zip
            centos  | _any    | x86_64 | centos-any.zip
            oracle  | 6.2.4.* | x86_64 | oracle-6.2.4.zip
            suse    | 6.*.4   | x86_64 | suse-6-star-4.zip
            """);

    private static final Manifest NANO = TestManifests.fromTable("""
            windows | 10.0.14393nano | x86_64 | nano-14393.zip
            windows | 10.*nano       | x86_64 | nano-10.zip
            windows | 10.*           | x86_64 | windows-10.zip
            windows | _any           | x86_64 | windows-any.zip
            """);

    private static final Manifest NANO_KEYS_ONLY = TestManifests.fromTable("""
            windows | 10.0.*nano | x86_64 | nano-10.0.zip
            """);

    private static final Manifest PLAIN_KEYS_ONLY = TestManifests.fromTable("""
            windows | 10.*       | x86_64 | windows-10.zip
            """);

    private static final Manifest PLAIN_KEYS_AND_STAR = TestManifests.fromTable("""
            windows | 10.*       | x86_64 | windows-10.zip
            windows | *          | x86_64 | windows-star.zip
            """);

    private static final Map<String, Manifest> MANIFESTS = Map.of(
            "LEVELS", LEVELS,
            "STAR_ARCH", STAR_ARCH,
            "NO_ANY_PLATFORM", NO_ANY_PLATFORM,
            "PREFIXES", PREFIXES,
            "NANO", NANO,
            "NANO_KEYS_ONLY", NANO_KEYS_ONLY,
            "PLAIN_KEYS_ONLY", PLAIN_KEYS_ONLY,
            "PLAIN_KEYS_AND_STAR", PLAIN_KEYS_AND_STAR);

    @ParameterizedTest(name = "[{index}] {0}: {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # manifest          | platform | version        | arch    | file (empty: none)     | reason contains
            # --- exact keys at every level
            LEVELS              | ubuntu   | 20.04          | x86_64  | ubuntu-20.04-x64.zip   | ubuntu -> 20.04 -> x86_64
            LEVELS              | ubuntu   | 20.04          | arm64   | ubuntu-20.04-arm64.zip | ubuntu -> 20.04 -> arm64
            LEVELS              | amazon   | 2              | x86_64  | amazon-2-x64.zip       | amazon -> 2 -> x86_64
            # --- _any at each level
            LEVELS              | rocky    | 9.3            | x86_64  | fallback.zip           | _any (no 'rocky' entry) -> _any
            LEVELS              | rocky    | 9.3            | ppc64le | fallback.zip           | -> _any (no 'ppc64le' entry)
            LEVELS              | ubuntu   | 22.04          | x86_64  | ubuntu-any-x64.zip     | ubuntu -> _any (no exact or prefix match for 22.04) -> x86_64
            LEVELS              | amazon   | 2              | arm64   | amazon-2-anyarch.zip   | amazon -> 2 -> _any (no 'arm64' entry)
            # --- '*' is the last platform-version fallback, after _any
            LEVELS              | amazon   | 2023           | x86_64  | amazon-star-x64.zip    | amazon -> * (no exact, prefix or _any match for 2023) -> x86_64
            NO_ANY_PLATFORM     | debian   | 12             | x86_64  | debian-any-x64.zip     | debian -> _any
            # --- no backtracking: a chosen key is final even when another key would lead to a file
            LEVELS              | ubuntu   | 22.04          | arm64   |                        | ubuntu -> _any (no exact or prefix match for 22.04) -> no 'arm64' architecture and no '_any'
            LEVELS              | ubuntu   | 20.04          | 386     |                        | ubuntu -> 20.04 -> no '386' architecture and no '_any'
            LEVELS              | amazon   | 2023           | arm64   |                        | amazon -> * (no exact, prefix or _any match for 2023) -> no 'arm64' architecture
            LEVELS              | centos   | 9              | x86_64  |                        | centos -> no key matches version '9'
            # --- '*' is not an architecture wildcard
            STAR_ARCH           | redhat   | 8              | x86_64  |                        | redhat -> 8 -> no 'x86_64' architecture and no '_any' ('*' is not an architecture wildcard)
            STAR_ARCH           | redhat   | 8              | *       | redhat-8-star-arch.zip | redhat -> 8 -> *
            # --- platform misses
            NO_ANY_PLATFORM     | rocky    | 9.3            | x86_64  |                        | platform 'rocky' has no entry and there is no '_any' platform
            NO_ANY_PLATFORM     | ubuntu   | 22.04          | x86_64  |                        | ubuntu -> no key matches version '22.04': no exact key, no matching '.*' prefix, no '_any' and no '*'
            # --- keys are case-sensitive
            NO_ANY_PLATFORM     | Ubuntu   | 20.04          | x86_64  |                        | platform 'Ubuntu' has no entry
            LEVELS              | Ubuntu   | 20.04          | x86_64  | fallback.zip           | _any (no 'Ubuntu' entry)
            LEVELS              | ubuntu   | 20.04          | X86_64  |                        | no 'X86_64' architecture
            LEVELS              | amazon   | 2              | X86_64  | amazon-2-anyarch.zip   | _any (no 'X86_64' entry)
            # --- '.*' prefixes: longest wins, whole parts compared as text
            PREFIXES            | centos   | 6.2.4          | x86_64  | centos-6.2.4.zip       | centos -> 6.2.4.* (longest matching prefix for 6.2.4) -> x86_64
            PREFIXES            | centos   | 6.2.4.1        | x86_64  | centos-6.2.4.zip       | 6.2.4.* (longest matching prefix for 6.2.4.1)
            PREFIXES            | centos   | 6.2.5          | x86_64  | centos-6.2.zip         | 6.2.* (longest matching prefix for 6.2.5)
            PREFIXES            | centos   | 6.2            | x86_64  | centos-6.2.zip         | 6.2.* (longest matching prefix for 6.2)
            PREFIXES            | centos   | 6              | x86_64  | centos-6.zip           | 6.* (longest matching prefix for 6)
            PREFIXES            | centos   | 6.3.4          | x86_64  | centos-6.zip           | 6.* (longest matching prefix for 6.3.4)
            PREFIXES            | centos   | 62.4           | x86_64  | centos-any.zip         | _any (no exact or prefix match for 62.4)
            PREFIXES            | centos   | 06.2           | x86_64  | centos-any.zip         | _any (no exact or prefix match for 06.2)
            PREFIXES            | centos   | 7.1            | x86_64  | centos-7.1.zip         | centos -> 7.1 -> x86_64
            PREFIXES            | centos   | 7.1.3          | x86_64  | centos-7.zip           | 7.* (longest matching prefix for 7.1.3)
            PREFIXES            | oracle   | 6.2.4          | x86_64  | oracle-6.2.4.zip       | 6.2.4.* (longest matching prefix for 6.2.4)
            PREFIXES            | oracle   | 6.2            | x86_64  |                        | oracle -> no key matches version '6.2': no exact key, no matching '.*' prefix
            PREFIXES            | suse     | 6.1.4          | x86_64  |                        | suse -> no key matches version '6.1.4'
            PREFIXES            | suse     | 6.*.4          | x86_64  | suse-6-star-4.zip      | suse -> 6.*.4 -> x86_64
            # --- Windows Nano: nano targets try only nano prefix keys, others skip them
            NANO                | windows  | 10.0.14393nano | x86_64  | nano-14393.zip         | windows -> 10.0.14393nano -> x86_64
            NANO                | windows  | 10.0.17763nano | x86_64  | nano-10.zip            | 10.*nano (longest matching prefix for 10.0.17763nano)
            NANO                | windows  | 10.0.17763     | x86_64  | windows-10.zip         | 10.* (longest matching prefix for 10.0.17763)
            NANO                | windows  | 6.3nano        | x86_64  | windows-any.zip        | _any (no exact or prefix match for 6.3nano)
            NANO                | windows  | 6.3            | x86_64  | windows-any.zip        | _any (no exact or prefix match for 6.3)
            NANO_KEYS_ONLY      | windows  | 10.0.14393nano | x86_64  | nano-10.0.zip          | 10.0.*nano (longest matching prefix for 10.0.14393nano)
            NANO_KEYS_ONLY      | windows  | 10.0nano       | x86_64  |                        | no matching '.*nano' prefix (a nano target only tries keys ending in 'nano')
            NANO_KEYS_ONLY      | windows  | 10.0.14393     | x86_64  |                        | windows -> no key matches version '10.0.14393': no exact key, no matching '.*' prefix
            PLAIN_KEYS_ONLY     | windows  | 10.0.17763nano | x86_64  |                        | windows -> no key matches version '10.0.17763nano'
            PLAIN_KEYS_AND_STAR | windows  | 10.0.17763nano | x86_64  | windows-star.zip       | * (no exact, prefix or _any match for 10.0.17763nano)
            """)
    void selectsTheFileTheAwsAgentWouldSelect(String manifest, String platform, String platformVersion,
            String arch, String expectedFile, String reasonFragment) {
        FileSelection selection = FileSelector.select(MANIFESTS.get(manifest), platform, platformVersion, arch);

        assertThat(selection.file()).isEqualTo(expectedFile);
        assertThat(selection.found()).isEqualTo(expectedFile != null);
        assertThat(selection.reason()).contains(reasonFragment);
    }

    @Test
    void givenAMatch_whenSelecting_thenTheSelectionCarriesTheChecksumAndTheKeyChosenAtEachLevel() {
        FileSelection selection = FileSelector.select(PREFIXES, "centos", "6.2.5", "x86_64");

        assertThat(selection.sha256()).isEqualTo(TestManifests.sha256Of("centos-6.2.zip"));
        assertThat(List.of(selection.platformKey(), selection.platformVersionKey(), selection.archKey()))
                .containsExactly("centos", "6.2.*", "x86_64");
    }

    @Test
    void givenAMissAtTheVersionLevel_whenSelecting_thenOnlyTheLevelsAlreadyChosenAreReported() {
        FileSelection selection = FileSelector.select(LEVELS, "centos", "9", "x86_64");

        assertThat(selection.found()).isFalse();
        assertThat(selection.sha256()).isNull();
        assertThat(selection.platformKey()).isEqualTo("centos");
        assertThat(selection.platformVersionKey()).isNull();
        assertThat(selection.archKey()).isNull();
    }

    @Test
    void givenAnEntryNamingAFileMissingFromFiles_whenSelecting_thenNoFileIsChosenAndTheReasonSaysSo() {
        Manifest unchecked = new Manifest("2.0", "1.0.0", null,
                Map.of("ubuntu", Map.of("_any", Map.of("x86_64", "ghost.zip"))), Map.of(), "{}", List.of());

        FileSelection selection = FileSelector.select(unchecked, "ubuntu", "22.04", "x86_64");

        assertThat(selection.found()).isFalse();
        assertThat(selection.reason()).contains("names file 'ghost.zip', which is not listed under files");
    }

    @Test
    void givenAHostThatReportedNothing_whenSelecting_thenOnlyWildcardsCanMatch() {
        assertThat(FileSelector.select(LEVELS, null, null, null).file()).isEqualTo("fallback.zip");
        assertThat(FileSelector.select(NO_ANY_PLATFORM, null, null, null).reason())
                .isEqualTo("platform '' has no entry and there is no '_any' platform; tried _any; the manifest has "
                        + "debian, ubuntu");
    }

    @Test
    void givenAMiss_whenSelecting_thenTheReasonNamesTheKeysTriedAndTheKeysTheManifestHas() {
        Manifest ubuntu = TestManifests.fromTable("""
                ubuntu  | 20.04 | x86_64 | ubuntu-20.04-x64.zip
                ubuntu  | 24.04 | x86_64 | ubuntu-24.04-x64.zip
                """);

        assertThat(FileSelector.select(ubuntu, "ubuntu", "22.04", "x86_64").reason())
                .endsWith("; tried 22.04, 22.04.*, 22.*, _any, * under ubuntu; the manifest has 20.04, 24.04");
        assertThat(FileSelector.select(ubuntu, "rocky", "9.3", "x86_64").reason())
                .endsWith("; tried rocky, _any; the manifest has ubuntu");
        assertThat(FileSelector.select(ubuntu, "ubuntu", "24.04", "arm64").reason())
                .endsWith("; tried arm64, _any under ubuntu 24.04; the manifest has x86_64");
        assertThat(FileSelector.select(PLAIN_KEYS_ONLY, "windows", "10.0.17763nano", "x86_64").reason())
                .endsWith("; tried 10.0.17763nano, 10.0.*nano, 10.*nano, _any, * under windows; the manifest has "
                        + "10.*");
    }
}
