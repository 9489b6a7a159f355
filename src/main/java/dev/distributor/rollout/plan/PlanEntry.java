package dev.distributor.rollout.plan;

import java.util.List;
import java.util.UUID;

/**
 * One target in a plan: the file it will get and the wave it runs in, or why it is skipped.
 *
 * @param wave 1-based wave number, 0 when skipped
 * @param installedVersion the version the target has now, if any (the previous version of a reinstall)
 * @param conflicts running rollouts that hold an open invocation for the same target and package
 */
public record PlanEntry(
        String instanceId,
        String name,
        String platform,
        String platformVersion,
        String arch,
        String driver,
        boolean online,
        int wave,
        String fileName,
        String fileSha256,
        Long fileSize,
        String installedVersion,
        String previousFileSha256,
        SkipReason skipReason,
        String skipDetail,
        List<UUID> conflicts) {

    public boolean skipped() {
        return skipReason != null;
    }

    PlanEntry inWave(int number) {
        return new PlanEntry(instanceId, name, platform, platformVersion, arch, driver, online, number, fileName,
                fileSha256, fileSize, installedVersion, previousFileSha256, skipReason, skipDetail, conflicts);
    }
}
