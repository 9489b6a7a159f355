package dev.distributor.catalog.authoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.distributor.common.error.Names;

/**
 * Fills the script templates under {@code src/main/resources/authoring/<kind>/} for one installer. Templates know
 * three placeholders: {@code {{PACKAGE}}}, {@code {{FILE}}} and {@code {{COMMAND}}} (a plain executable's name in
 * /usr/local/bin), and {@code {{LOCK_WAIT}}} takes the kind's {@code lock-wait.sh.part}: the shell functions with which
 * the dpkg and rpm scripts wait for a held package manager lock (at most {@code SSM_LOCK_WAIT_SECONDS}, 300 by default,
 * then exit {@value #LOCK_WAIT_EXIT_CODE}). Values are checked names ({@code [A-Za-z0-9_.-]}), so no quoting can break, yet the templates quote
 * every expansion anyway: a template is read by people deciding whether to trust it.
 */
public final class ScriptGenerator {

    private static final String TEMPLATES = "/authoring/";

    /** The exit code of a dpkg or rpm script whose package manager lock stayed held (EX_TEMPFAIL: try again later). */
    public static final int LOCK_WAIT_EXIT_CODE = 75;

    private ScriptGenerator() {
    }

    /** The install, uninstall and update scripts, in that order. */
    public static List<GeneratedScript> scriptsFor(InstallerKind kind, String packageName, String installerFileName) {
        Names.packageName("packageName", packageName);
        InstallerKind detected = InstallerKind.detect(installerFileName);
        if (detected != kind) {
            throw new IllegalArgumentException(installerFileName + " is a " + detected + " file, not " + kind);
        }
        String command = InstallerKind.commandName(installerFileName);
        return kind.scriptNames()
                .stream()
                .map(name -> new GeneratedScript(name, withLockWait(kind, template(kind, name))
                        .replace("{{SCRIPT}}", name)
                        .replace("{{PURPOSE}}", name.startsWith("update") ? "upgrades in place to" : "installs")
                        .replace("{{DOING}}", name.startsWith("update") ? "Upgrading to" : "Installing")
                        .replace("{{PACKAGE}}", packageName)
                        .replace("{{FILE}}", installerFileName)
                        .replace("{{COMMAND}}", command)))
                .toList();
    }

    private static String withLockWait(InstallerKind kind, String script) {
        if (!script.contains("{{LOCK_WAIT}}")) {
            return script;
        }
        return script.replace("{{LOCK_WAIT}}", resource(TEMPLATES + kind.name().toLowerCase(Locale.ROOT)
                + "/lock-wait.sh.part").stripTrailing());
    }

    private static String template(InstallerKind kind, String scriptName) {
        // A package manager's install already upgrades in place (dpkg -i, rpm -U), so update.sh is install.sh worded
        // as an upgrade rather than a second copy to keep in step.
        boolean upgradeIsInstall = scriptName.equals("update.sh")
                && (kind == InstallerKind.DEB || kind == InstallerKind.RPM);
        return resource(TEMPLATES + kind.name().toLowerCase(Locale.ROOT) + "/"
                + (upgradeIsInstall ? "install.sh" : scriptName));
    }

    private static String resource(String path) {
        try (InputStream in = ScriptGenerator.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Script template " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read script template " + path, e);
        }
    }
}
