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
 * /usr/local/bin). Values are checked names ({@code [A-Za-z0-9_.-]}), so no quoting can break, yet the templates quote
 * every expansion anyway: a template is read by people deciding whether to trust it.
 */
public final class ScriptGenerator {

    private static final String TEMPLATES = "/authoring/";

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
                .map(name -> new GeneratedScript(name, template(kind, name)
                        .replace("{{SCRIPT}}", name)
                        .replace("{{PURPOSE}}", name.startsWith("update") ? "upgrades in place to" : "installs")
                        .replace("{{DOING}}", name.startsWith("update") ? "Upgrading to" : "Installing")
                        .replace("{{PACKAGE}}", packageName)
                        .replace("{{FILE}}", installerFileName)
                        .replace("{{COMMAND}}", command)))
                .toList();
    }

    private static String template(InstallerKind kind, String scriptName) {
        // A package manager's install already upgrades in place (dpkg -i, rpm -U), so update.sh is install.sh worded
        // as an upgrade rather than a second copy to keep in step.
        boolean upgradeIsInstall = scriptName.equals("update.sh")
                && (kind == InstallerKind.DEB || kind == InstallerKind.RPM);
        String path = TEMPLATES + kind.name().toLowerCase(Locale.ROOT) + "/"
                + (upgradeIsInstall ? "install.sh" : scriptName);
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
