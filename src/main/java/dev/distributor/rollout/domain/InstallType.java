package dev.distributor.rollout.domain;

/** How an install replaces a version already there: uninstall then install, or the new version's update script. */
public enum InstallType {
    REINSTALL, IN_PLACE
}
