package dev.distributor.fleet.domain;

/**
 * The state of a package recorded on a target: {@code INSTALLED}, or {@code BROKEN} after the agent's automatic
 * rollback failed (a reinstall's new version did not install and the old one did not come back), so what is on the
 * host is unknown. A broken package is never skipped as already installed; a later successful install or uninstall
 * clears it.
 */
public enum InstalledPackageState {
    INSTALLED, BROKEN
}
