package dev.distributor.fleet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@link TargetFilter#matches} applies the targets query's criteria in memory, field by field as TargetRepository's SQL
 * does: lists match any of their values and an empty list does not filter, tags are all required ({@code key=value}
 * exact, {@code key} present), hasPackageVersion narrows hasPackage and counts only with it.
 */
class TargetFilterMatchesTest {

    static final String ID = "mi-0123456789abcdef0";

    static final TargetFacts LINUX = new TargetFacts("web-1", "linux", "22.04", "x86_64", "111111111111",
            "eu-west-1", Map.of("env", "prod", "team", "web"), true, Map.of("nginx", "1.2.0", "agent", "3.0"));

    static TargetFilter with(List<String> instanceIds, List<String> tags, List<String> platforms,
            String platformVersion, String arch, List<String> accounts, List<String> regions, Boolean online,
            String hasPackage, String hasPackageVersion) {
        return new TargetFilter(instanceIds, tags, platforms, platformVersion, arch, accounts, regions, online,
                hasPackage, hasPackageVersion);
    }

    @Test
    void noCriteria_andEmptyLists_matchEverything() {
        assertThat(TargetFilter.ALL.matches(ID, LINUX)).isTrue();
        assertThat(with(List.of(), List.of(), List.of(), null, null, List.of(), List.of(), null, null, null)
                .matches(ID, LINUX)).isTrue();
    }

    @Test
    void instanceIds_matchAnyOfThem() {
        assertThat(with(List.of("mi-other", ID), null, null, null, null, null, null, null, null, null)
                .matches(ID, LINUX)).isTrue();
        assertThat(with(List.of("mi-other"), null, null, null, null, null, null, null, null, null)
                .matches(ID, LINUX)).isFalse();
    }

    @Test
    void tags_keyValueIsExact_keyAloneIsPresence_andAllMustMatch() {
        assertThat(tags("env=prod").matches(ID, LINUX)).isTrue();
        assertThat(tags("env").matches(ID, LINUX)).isTrue();
        assertThat(tags("env=prod", "team=web").matches(ID, LINUX)).isTrue();
        assertThat(tags("env=Prod").matches(ID, LINUX)).isFalse();
        assertThat(tags("env=").matches(ID, LINUX)).isFalse();
        assertThat(tags("owner").matches(ID, LINUX)).isFalse();
        assertThat(tags("env=prod", "team=db").matches(ID, LINUX)).isFalse();
        // A value may itself hold '=': only the first one splits key from value.
        assertThat(tags("q=a=b").matches(ID, LINUX.withTags(Map.of("q", "a=b")))).isTrue();
        assertThat(tags("env=").matches(ID, LINUX.withTags(Map.of("env", "")))).isTrue();
    }

    @Test
    void platforms_accounts_regions_matchAnyOfTheirValues() {
        assertThat(with(null, null, List.of("windows", "linux"), null, null, null, null, null, null, null)
                .matches(ID, LINUX)).isTrue();
        assertThat(with(null, null, List.of("windows"), null, null, null, null, null, null, null)
                .matches(ID, LINUX)).isFalse();
        assertThat(with(null, null, null, null, null, List.of("111111111111"), null, null, null, null)
                .matches(ID, LINUX)).isTrue();
        assertThat(with(null, null, null, null, null, List.of("222222222222"), null, null, null, null)
                .matches(ID, LINUX)).isFalse();
        assertThat(with(null, null, null, null, null, null, List.of("us-east-1", "eu-west-1"), null, null, null)
                .matches(ID, LINUX)).isTrue();
        assertThat(with(null, null, null, null, null, null, List.of("us-east-1"), null, null, null)
                .matches(ID, LINUX)).isFalse();
    }

    @Test
    void platformVersion_andArch_areExact() {
        assertThat(with(null, null, null, "22.04", "x86_64", null, null, null, null, null).matches(ID, LINUX))
                .isTrue();
        assertThat(with(null, null, null, "22", null, null, null, null, null, null).matches(ID, LINUX)).isFalse();
        assertThat(with(null, null, null, null, "arm64", null, null, null, null, null).matches(ID, LINUX)).isFalse();
    }

    @Test
    void online_comparesTheAnnouncedState() {
        assertThat(with(null, null, null, null, null, null, null, true, null, null).matches(ID, LINUX)).isTrue();
        assertThat(with(null, null, null, null, null, null, null, false, null, null).matches(ID, LINUX)).isFalse();
        assertThat(with(null, null, null, null, null, null, null, false, null, null)
                .matches(ID, LINUX.withOnline(false))).isTrue();
    }

    @Test
    void hasPackage_narrowedByHasPackageVersion_whichAloneDoesNotFilter() {
        assertThat(pkg("nginx", null).matches(ID, LINUX)).isTrue();
        assertThat(pkg("nginx", "1.2.0").matches(ID, LINUX)).isTrue();
        assertThat(pkg("nginx", "1.3.0").matches(ID, LINUX)).isFalse();
        assertThat(pkg("redis", null).matches(ID, LINUX)).isFalse();
        assertThat(pkg(null, "9.9").matches(ID, LINUX)).isTrue();
    }

    @Test
    void hasPackageAndItsVersion_ignoreCase_asCatalogLookupsDo() {
        assertThat(pkg("NGINX", null).matches(ID, LINUX)).isTrue();
        assertThat(pkg("Nginx", "1.2.0").matches(ID, LINUX)).isTrue();
        assertThat(state("NGINX", InstalledPackageState.INSTALLED).matches(ID, LINUX)).isTrue();
        assertThat(state("NGINX", InstalledPackageState.BROKEN).matches(ID, LINUX)).isFalse();
    }

    @Test
    void everyCriterionMustMatch() {
        TargetFilter all = with(List.of(ID), List.of("env=prod"), List.of("linux"), "22.04", "x86_64",
                List.of("111111111111"), List.of("eu-west-1"), true, "nginx", "1.2.0");
        assertThat(all.matches(ID, LINUX)).isTrue();
        assertThat(all.matches(ID, LINUX.withOnline(false))).isFalse();
        assertThat(all.matches(ID, LINUX.withInstalled(Map.of()))).isFalse();
    }

    @Test
    void anEventIsAdmitted_whenItsTargetMatchedJustBeforeOrJustAfterIt() {
        TargetFilter prod = tags("env=prod");
        // Untagged out of the selection: the subscriber sees it leave.
        TargetFacts untagged = LINUX.withTags(Map.of("team", "web"));
        assertThat(prod.admits(event(TargetEventType.TAGS_CHANGED, untagged,
                Map.of("tags", Map.of("team", "web"), "previousTags", Map.of("env", "prod", "team", "web")))))
                .isTrue();
        // Tagged into it: the subscriber sees it arrive.
        assertThat(prod.admits(event(TargetEventType.TAGS_CHANGED, LINUX,
                Map.of("tags", LINUX.tags(), "previousTags", Map.of())))).isTrue();
        // Never in it.
        assertThat(tags("env=dev").admits(event(TargetEventType.TAGS_CHANGED, LINUX,
                Map.of("tags", LINUX.tags(), "previousTags", Map.of("env", "test"))))).isFalse();

        TargetFilter online = with(null, null, null, null, null, null, null, true, null, null);
        assertThat(online.admits(event(TargetEventType.TARGET_OFFLINE, LINUX.withOnline(false), Map.of()))).isTrue();
        assertThat(online.admits(event(TargetEventType.TARGET_ONLINE, LINUX, Map.of()))).isTrue();
        // A registration has no "before"; a deregistration's before is its after.
        assertThat(online.admits(event(TargetEventType.TARGET_REGISTERED, LINUX.withOnline(false), Map.of())))
                .isFalse();
        assertThat(online.admits(event(TargetEventType.TARGET_DEREGISTERED, LINUX, Map.of()))).isTrue();

        TargetFilter nginx12 = pkg("nginx", "1.2.0");
        Map<String, Object> upgraded = new HashMap<>();
        upgraded.put("package", "nginx");
        upgraded.put("from", "1.2.0");
        upgraded.put("to", "1.3.0");
        assertThat(nginx12.admits(event(TargetEventType.INSTALLED_CHANGED,
                LINUX.withInstalled(Map.of("nginx", "1.3.0")), upgraded))).isTrue();
        assertThat(pkg("nginx", "1.3.0").admits(event(TargetEventType.INSTALLED_CHANGED,
                LINUX.withInstalled(Map.of("nginx", "1.3.0")), upgraded))).isTrue();
        assertThat(pkg("nginx", "1.1.0").admits(event(TargetEventType.INSTALLED_CHANGED,
                LINUX.withInstalled(Map.of("nginx", "1.3.0")), upgraded))).isFalse();
        // Removed: it had the package just before.
        Map<String, Object> removed = new HashMap<>();
        removed.put("package", "redis");
        removed.put("from", "7.0");
        removed.put("to", null);
        assertThat(pkg("redis", null).admits(event(TargetEventType.INSTALLED_CHANGED,
                LINUX.withInstalled(Map.of("nginx", "1.2.0")), removed))).isTrue();
        assertThat(pkg("postgres", null).admits(event(TargetEventType.INSTALLED_CHANGED,
                LINUX.withInstalled(Map.of("nginx", "1.2.0")), removed))).isFalse();
    }

    @Test
    void packageState_selectsAPackageInThatState_theNamedOneWithHasPackage_elseAny() {
        TargetFacts nginxBroken = LINUX.withBroken(Set.of("nginx"));
        assertThat(state(null, InstalledPackageState.BROKEN).matches(ID, nginxBroken)).isTrue();
        assertThat(state(null, InstalledPackageState.BROKEN).matches(ID, LINUX)).isFalse();
        assertThat(state("nginx", InstalledPackageState.BROKEN).matches(ID, nginxBroken)).isTrue();
        assertThat(state("agent", InstalledPackageState.BROKEN).matches(ID, nginxBroken)).isFalse();
        assertThat(state("agent", InstalledPackageState.INSTALLED).matches(ID, nginxBroken)).isTrue();
        assertThat(state("nginx", InstalledPackageState.INSTALLED).matches(ID, nginxBroken)).isFalse();
        assertThat(state("redis", InstalledPackageState.INSTALLED).matches(ID, nginxBroken)).isFalse();
        // Any package INSTALLED: agent still is.
        assertThat(state(null, InstalledPackageState.INSTALLED).matches(ID, nginxBroken)).isTrue();
    }

    @Test
    void aPackageThatBreaks_isAdmittedByABrokenFilter_andItsBeforeWasInstalled() {
        Map<String, Object> broke = new HashMap<>();
        broke.put("package", "nginx");
        broke.put("from", "1.2.0");
        broke.put("to", "1.2.0");
        broke.put("fromState", "INSTALLED");
        broke.put("toState", "BROKEN");
        TargetEvent event = event(TargetEventType.INSTALLED_CHANGED, LINUX.withBroken(Set.of("nginx")), broke);
        assertThat(event.before().orElseThrow().broken()).isEmpty();
        assertThat(state("nginx", InstalledPackageState.BROKEN).admits(event)).isTrue();
        assertThat(state("nginx", InstalledPackageState.INSTALLED).admits(event)).isTrue();
        assertThat(state("agent", InstalledPackageState.BROKEN).admits(event)).isFalse();
    }

    private static TargetFilter state(String hasPackage, InstalledPackageState state) {
        return new TargetFilter(null, null, null, null, null, null, null, null, hasPackage, null, state);
    }

    private static TargetFilter tags(String... tags) {
        return with(null, List.of(tags), null, null, null, null, null, null, null, null);
    }

    private static TargetFilter pkg(String name, String version) {
        return with(null, null, null, null, null, null, null, null, name, version);
    }

    private static TargetEvent event(TargetEventType type, TargetFacts after, Map<String, Object> details) {
        return new TargetEvent(1, OffsetDateTime.now(), type, ID, after, details);
    }
}
