package dev.distributor.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Versions whose scripts leave traces a test can read on "disk": install.sh appends "install <version>" to
 * {@code $SSM_TARGET_ROOT/<instance id>/log} and writes the version to {@code .../app}, uninstall.sh appends
 * "uninstall <version>" and removes {@code app}; install.sh fails (exit 3, "refusing: marker" on stdout) where a
 * {@code fail-<version>} file lies in the host's folder. Deployments pass {@code SSM_TARGET_ROOT} as an argument, so
 * shell agents and SSM instances alike write under the test's sandbox.
 */
public final class MarkerPackages {

    private MarkerPackages() {
    }

    /** Adds the version, published, with one zip for every platform and x86_64. */
    public static void addVersion(String pkg, String version) {
        String sha = Catalog.upload("app.zip", zip(pkg, version));
        String manifest = """
                {
                  "schemaVersion": "2.0",
                  "version": "%s",
                  "packages": { "_any": { "_any": { "x86_64": { "file": "app.zip" } } } },
                  "files": { "app.zip": { "checksums": { "sha256": "%s" } } }
                }
                """.formatted(version, sha);
        Catalog.addVersion(pkg, version, manifest, true);
    }

    /** The lines the scripts logged on the host, oldest first. */
    public static List<String> log(Path sandbox, String instanceId) {
        return ShellAgents.read(sandbox.resolve(instanceId).resolve("log")).lines().toList();
    }

    /** The version the last install wrote on the host ("" when none is there). */
    public static String app(Path sandbox, String instanceId) {
        return ShellAgents.read(sandbox.resolve(instanceId).resolve("app")).trim();
    }

    /** Bytes unique to the package, so no earlier test run has stored them already. */
    private static byte[] zip(String pkg, String version) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        return new Zips()
                .with("install.sh", "#!/bin/sh\nset -e\n" + dir + "echo \"install " + version + "\" >> \"$d/log\"\n"
                        + "if [ -f \"$d/fail-" + version + "\" ]; then echo 'refusing: marker'; exit 3; fi\n"
                        + "echo " + version + " > \"$d/app\"\n")
                .with("uninstall.sh", "#!/bin/sh\nset -e\n" + dir + "echo \"uninstall " + version + "\" >> \"$d/log\"\n"
                        + "rm -f \"$d/app\"\n")
                .with("package.txt", pkg + "\n")
                .bytes();
    }
}
