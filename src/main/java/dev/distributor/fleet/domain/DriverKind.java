package dev.distributor.fleet.domain;

/** How the service reaches a target: the built-in agent's long poll, or AWS SSM's SendCommand. */
public enum DriverKind {
    AGENT, SSM
}
