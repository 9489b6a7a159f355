package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

@QuarkusTest
class SimplePackageApiTest {

    private static final String CREATE_SIMPLE = """
            mutation($input: CreateSimplePackageInput!) {
              createSimplePackage(input: $input) {
                warnings
                version {
                  packageName version state manifest
                  files { name sha256 platforms scripts scriptSources { name content } }
                }
              }
            }
            """;

    private static final byte[] HELLO = "#!/bin/sh\necho hello from simple\n".getBytes(StandardCharsets.UTF_8);
    /** The OLE compound-file header every .msi starts with, and the rest of a (tiny) file. */
    private static final byte[] MSI = Arrays.copyOf(new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0,
            (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}, 512);

    @Test
    void givenAnUploadedExecutable_createSimplePackage_generatesScriptsZipAndManifestAsADraft() {
        String name = Catalog.uniqueName("simple");
        String sha = Catalog.upload("hello", HELLO);

        JsonPath result = GraphQL.ok(CREATE_SIMPLE, input(name, "1.0.0", "hello", sha, List.of(
                entry("ubuntu", null, "x86_64"), entry("amazon", "2", "arm64"))))
                .setRootPath("data.createSimplePackage.version");

        assertThat(result.getString("state")).isEqualTo("DRAFT");
        assertThat(result.getList("files.name")).containsExactly(name + "-1.0.0-linux.zip");
        assertThat(result.getList("files[0].platforms")).containsExactlyInAnyOrder("ubuntu", "amazon");
        assertThat(result.getList("files[0].scripts")).containsExactly("install.sh", "uninstall.sh", "update.sh");
        assertThat(result.getString("files[0].scriptSources.find { it.name == 'install.sh' }.content"))
                .contains("/opt/").contains(name);
        JsonPath manifest = new JsonPath(result.getString("manifest"));
        assertThat(manifest.getString("packages.amazon.'2'.arm64.file")).isEqualTo(name + "-1.0.0-linux.zip");
        assertThat(manifest.getString("files.'" + name + "-1.0.0-linux.zip'.checksums.sha256"))
                .isEqualTo(result.getString("files[0].sha256"));

        JsonPath published = GraphQL.ok("""
                mutation($n: String!) { publishVersion(packageName: $n, version: "1.0.0") { state isDefault } }
                """, vars("n", name));
        assertThat(published.getString("publishVersion.state")).isEqualTo("PUBLISHED");
    }

    @Test
    void regeneratingFromTheSameInstaller_yieldsTheSameStoredZip() {
        String name = Catalog.uniqueName("simple-same");
        String sha = Catalog.upload("hello", HELLO);
        List<Map<String, Object>> entries = List.of(entry("debian", null, "x86_64"));

        String first = GraphQL.ok(CREATE_SIMPLE, input(name, "1", "hello", sha, entries))
                .getString("createSimplePackage.version.files[0].sha256");
        String second = GraphQL.ok(CREATE_SIMPLE, input(name, "2", "hello", sha, entries))
                .getString("createSimplePackage.version.files[0].sha256");

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aWindowsInstallerGetsPowerShellScripts() {
        String name = Catalog.uniqueName("simple-msi");
        String sha = Catalog.upload("setup.msi", MSI);

        JsonPath result = GraphQL.ok(CREATE_SIMPLE, input(name, "1", "setup.msi", sha,
                List.of(entry("windows", null, "x86_64")))).setRootPath("data.createSimplePackage.version");

        assertThat(result.getList("files[0].scripts")).containsExactly("install.ps1", "uninstall.ps1", "update.ps1");
        assertThat(result.getString("files[0].scriptSources.find { it.name == 'install.ps1' }.content"))
                .contains("msiexec");
    }

    @Test
    void anInstallerThatDoesNotFitAPlatform_isRefusedAndNothingIsStored() {
        String name = Catalog.uniqueName("simple-misfit");
        String sha = Catalog.upload("setup.msi", MSI);

        JsonPath error = GraphQL.error(CREATE_SIMPLE, input(name, "1", "setup.msi", sha,
                List.of(entry("ubuntu", null, "x86_64"))));

        assertThat(error.getString("extensions.code")).isEqualTo("INSTALLER_PLATFORM_MISMATCH");
        assertThat(error.getString("message")).contains("ubuntu");
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { name } }", vars("n", name))
                .getString("package")).isNull();
    }

    @Test
    void anInstallerThatIsNotWhatItsNameSays_isRefusedWithInvalidInstaller_andNothingIsStored() {
        String name = Catalog.uniqueName("simple-misnamed");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String sha = Catalog.upload("tool.deb", zip);

        JsonPath error = GraphQL.error(CREATE_SIMPLE, input(name, "1", "tool.deb", sha,
                List.of(entry("ubuntu", null, "x86_64"))));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_INSTALLER");
        assertThat(error.getString("extensions.field")).isEqualTo("installer");
        assertThat(error.getString("message")).contains("'tool.deb'")
                .contains("ar archive (!<arch>) whose first member is debian-binary")
                .contains("50 4B 03 04");
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { name } }", vars("n", name))
                .getString("package")).isNull();
    }

    @Test
    void unknownExtensionsAndNamesWithSpacesAreRefused() {
        String name = Catalog.uniqueName("simple-bad");
        String sha = Zips.sha256(HELLO);
        List<Map<String, Object>> entries = List.of(entry("ubuntu", null, "x86_64"));

        assertThat(GraphQL.error(CREATE_SIMPLE, input(name, "1", "app.dmg", sha, entries))
                .getString("extensions.code")).isEqualTo("UNSUPPORTED_INSTALLER");
        assertThat(GraphQL.error(CREATE_SIMPLE, input(name, "1", "my app.deb", sha, entries))
                .getString("extensions.code")).isEqualTo("INVALID_NAME");
        assertThat(GraphQL.error(CREATE_SIMPLE, input("my package", "1", "hello", sha, entries))
                .getString("extensions.code")).isEqualTo("INVALID_NAME");
    }

    @Test
    void anInstallerNotUploaded_orNotMatchingItsHash_isRefused() {
        String name = Catalog.uniqueName("simple-missing");
        byte[] never = "never uploaded".getBytes(StandardCharsets.UTF_8);
        List<Map<String, Object>> entries = List.of(entry("ubuntu", null, "x86_64"));

        assertThat(GraphQL.error(CREATE_SIMPLE, input(name, "1", "tool", Zips.sha256(never), entries))
                .getString("extensions.code")).isEqualTo("ARTIFACT_NOT_UPLOADED");

        String claimed = Zips.sha256("the bytes we claim".getBytes(StandardCharsets.UTF_8));
        Catalog.uploadAs("tool", "other bytes".getBytes(StandardCharsets.UTF_8), claimed);
        assertThat(GraphQL.error(CREATE_SIMPLE, input(name, "1", "tool", claimed, entries))
                .getString("extensions.code")).isEqualTo("CHECKSUM_MISMATCH");
    }

    private static Map<String, Object> input(String name, String version, String file, String sha,
            List<Map<String, Object>> entries) {
        return vars("input", Map.of("packageName", name, "version", version, "publisher", "Simple Corp",
                "installer", Map.of("fileName", file, "sha256", sha), "entries", entries));
    }

    private static Map<String, Object> entry(String platform, String version, String arch) {
        return version == null
                ? Map.of("platform", platform, "arch", arch)
                : Map.of("platform", platform, "platformVersion", version, "arch", arch);
    }
}
