package dev.distributor.ssm.command;

/**
 * The target's platform has no one-shot agent: Windows would need a PowerShell agent (AWS-RunPowerShellScript), which
 * does not exist yet. The driver finishes such a command FAILED at step {@code unsupported-platform} without calling
 * SSM.
 */
public class UnsupportedSsmPlatform extends RuntimeException {

    private final String platform;

    public UnsupportedSsmPlatform(String platform) {
        super("SSM commands run the POSIX sh agent, which does not run on " + platform
                + "; no PowerShell agent exists yet");
        this.platform = platform;
    }

    public String platform() {
        return platform;
    }
}
