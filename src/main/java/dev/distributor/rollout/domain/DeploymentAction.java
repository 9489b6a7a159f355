package dev.distributor.rollout.domain;

/** What a deployment does on each target. */
public enum DeploymentAction {
    INSTALL, UNINSTALL
}
