package dev.distributor.fleet.domain;

/** What happened to a target, as the targetEvents subscription reports it (docs/FLEET-EVENTS.md). */
public enum TargetEventType {
    /** A host registered (a host that registers again gets a new instance id and a new event). */
    TARGET_REGISTERED,
    /** An operator removed the target from the fleet. */
    TARGET_DEREGISTERED,
    /** The liveness sweep saw the target within the online cutoff again. */
    TARGET_ONLINE,
    /** The liveness sweep saw the target's last sign of life fall behind the online cutoff. */
    TARGET_OFFLINE,
    /** One package's installed version changed; details: package, from (null: was absent), to (null: removed). */
    INSTALLED_CHANGED,
    /** The target's tags changed; details: tags (the new ones) and previousTags. */
    TAGS_CHANGED
}
