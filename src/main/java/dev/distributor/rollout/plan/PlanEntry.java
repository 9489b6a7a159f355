package dev.distributor.rollout.plan;

import java.util.List;
import java.util.UUID;

import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.fleet.domain.TargetEntity;

/**
 * One target in a plan: the file it will get and the wave it runs in, or why it is skipped. Built through
 * {@link #install}, {@link #uninstall} or {@link #skipped}, which say what kind of entry it is, then placed with
 * {@link #inWave} and sized with {@link #withFileSize}.
 *
 * @param wave 1-based wave number, 0 when skipped or not placed yet
 * @param fileSize bytes of the file, null until {@link #withFileSize}
 * @param installedVersion the version the target has now, if any (the previous version of a reinstall)
 * @param previousFileSha256 the file the target got for {@code installedVersion}, null when unknown
 * @param conflicts running rollouts that hold an open invocation for the same target and package
 * @param installedState the state of {@code installedVersion} (INSTALLED or BROKEN), null when none is installed
 * @param note why the entry is not what the installed record suggests (a BROKEN copy installed again), or null
 */
public record PlanEntry(
        String instanceId,
        String name,
        String platform,
        String platformVersion,
        String arch,
        DriverKind driver,
        boolean online,
        int wave,
        String fileName,
        String fileSha256,
        Long fileSize,
        String installedVersion,
        String previousFileSha256,
        SkipReason skipReason,
        String skipDetail,
        List<UUID> conflicts,
        InstalledPackageState installedState,
        String note) {

    /**
     * The target installs {@code fileName}.
     *
     * @param installedVersion what the target has now, or null
     * @param previousFileSha256 the file of {@code installedVersion} for the target, or null
     */
    static PlanEntry install(TargetEntity target, boolean online, List<UUID> conflicts, String fileName,
            String fileSha256, String installedVersion, String previousFileSha256) {
        Builder entry = new Builder(target, online, conflicts);
        entry.fileName = fileName;
        entry.fileSha256 = fileSha256;
        entry.installedVersion = installedVersion;
        entry.previousFileSha256 = previousFileSha256;
        return entry.build();
    }

    /** The target removes {@code installedVersion}, whose file for it is {@code installedFileSha256} (or null). */
    static PlanEntry uninstall(TargetEntity target, boolean online, List<UUID> conflicts, String installedVersion,
            String installedFileSha256) {
        Builder entry = new Builder(target, online, conflicts);
        // An uninstall runs the installed file's uninstall script: that file is both the one sent and the previous one.
        entry.fileSha256 = installedFileSha256;
        entry.installedVersion = installedVersion;
        entry.previousFileSha256 = installedFileSha256;
        return entry.build();
    }

    /** The target gets no command, for {@code reason}; {@code detail} says why in words. */
    static PlanEntry skipped(TargetEntity target, boolean online, List<UUID> conflicts, String installedVersion,
            SkipReason reason, String detail) {
        Builder entry = new Builder(target, online, conflicts);
        entry.installedVersion = installedVersion;
        entry.skipReason = reason;
        entry.skipDetail = detail;
        return entry.build();
    }

    public boolean skipped() {
        return skipReason != null;
    }

    PlanEntry inWave(int number) {
        Builder entry = new Builder(this);
        entry.wave = number;
        return entry.build();
    }

    PlanEntry withFileSize(long bytes) {
        Builder entry = new Builder(this);
        entry.fileSize = bytes;
        return entry.build();
    }

    PlanEntry withInstalledState(InstalledPackageState state, String why) {
        Builder entry = new Builder(this);
        entry.installedState = state;
        entry.note = why;
        return entry.build();
    }

    /** The one place an entry is constructed, so no caller lines up sixteen positional arguments. */
    private static final class Builder {
        private final String instanceId;
        private final String name;
        private final String platform;
        private final String platformVersion;
        private final String arch;
        private final DriverKind driver;
        private final boolean online;
        private final List<UUID> conflicts;
        private int wave;
        private String fileName;
        private String fileSha256;
        private Long fileSize;
        private String installedVersion;
        private String previousFileSha256;
        private SkipReason skipReason;
        private String skipDetail;
        private InstalledPackageState installedState;
        private String note;

        Builder(TargetEntity target, boolean online, List<UUID> conflicts) {
            this.instanceId = target.instanceId;
            this.name = target.name;
            this.platform = target.platform;
            this.platformVersion = target.platformVersion;
            this.arch = target.arch;
            this.driver = target.driver;
            this.online = online;
            this.conflicts = conflicts;
        }

        Builder(PlanEntry from) {
            this.instanceId = from.instanceId;
            this.name = from.name;
            this.platform = from.platform;
            this.platformVersion = from.platformVersion;
            this.arch = from.arch;
            this.driver = from.driver;
            this.online = from.online;
            this.conflicts = from.conflicts;
            this.wave = from.wave;
            this.fileName = from.fileName;
            this.fileSha256 = from.fileSha256;
            this.fileSize = from.fileSize;
            this.installedVersion = from.installedVersion;
            this.previousFileSha256 = from.previousFileSha256;
            this.skipReason = from.skipReason;
            this.skipDetail = from.skipDetail;
            this.installedState = from.installedState;
            this.note = from.note;
        }

        PlanEntry build() {
            return new PlanEntry(instanceId, name, platform, platformVersion, arch, driver, online, wave, fileName,
                    fileSha256, fileSize, installedVersion, previousFileSha256, skipReason, skipDetail, conflicts,
                    installedState, note);
        }
    }
}
