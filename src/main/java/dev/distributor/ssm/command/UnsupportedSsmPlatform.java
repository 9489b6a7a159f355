package dev.distributor.ssm.command;

/** Placeholder of helper B's type (SSM-DESIGN.md §B); dropped at merge. */
public class UnsupportedSsmPlatform extends RuntimeException {
}
