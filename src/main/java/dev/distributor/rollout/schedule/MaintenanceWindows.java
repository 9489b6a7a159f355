package dev.distributor.rollout.schedule;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.distributor.common.error.DistributorException;

/**
 * A deployment's maintenance windows, at most {@value #MAX_WINDOWS}; no windows ({@link #NONE}) means always open,
 * otherwise the deployment may act while any window is open.
 *
 * <p>
 * Stored in one text column as a JSON array, {@code [{"cron":"0 22 * * 6","durationSeconds":14400}]}; the time zone
 * is the deployment's, stored beside it, and applies to every window.
 *
 * @param windows
 *            the windows, in the order given
 */
public record MaintenanceWindows(List<MaintenanceWindow> windows) {

    /** Most windows a deployment may have. */
    public static final int MAX_WINDOWS = 20;

    /** No windows: always open. */
    public static final MaintenanceWindows NONE = new MaintenanceWindows(List.of());

    private static final String FIELD = "schedule.windows";
    private static final Set<String> KEYS = Set.of("cron", "durationSeconds");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @throws DistributorException
     *             INVALID_INPUT on {@code schedule.windows} when there are more than {@value #MAX_WINDOWS}
     */
    public MaintenanceWindows {
        windows = windows == null ? List.of() : List.copyOf(windows);
        checkCount(windows.size());
    }

    private static void checkCount(int count) {
        if (count > MAX_WINDOWS) {
            throw DistributorException.invalidInput(FIELD,
                    "at most " + MAX_WINDOWS + " maintenance windows are allowed; got " + count);
        }
    }

    /** Whether the deployment may act at {@code now}: always without windows, else while any window is open. */
    public boolean isOpen(OffsetDateTime now) {
        Objects.requireNonNull(now, "now");
        return windows.isEmpty() || windows.stream().anyMatch(window -> window.isOpen(now));
    }

    /**
     * When the deployment may act next, if it may not now: the earliest next opening among the windows (UTC offset).
     * Empty when it is open at {@code now} (no windows, or one is open).
     */
    public Optional<OffsetDateTime> nextOpening(OffsetDateTime now) {
        if (isOpen(now)) {
            return Optional.empty();
        }
        return windows.stream()
                .map(window -> window.nextOpening(now))
                .flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
    }

    /**
     * When the open windows close: the latest {@link MaintenanceWindow#openUntil} among the windows open at
     * {@code now} (UTC offset). Empty without windows (never closes) or when all are closed.
     */
    public Optional<OffsetDateTime> closesAt(OffsetDateTime now) {
        Objects.requireNonNull(now, "now");
        return windows.stream()
                .map(window -> window.openUntil(now))
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
    }

    /** The windows as a JSON array of {@code {"cron", "durationSeconds"}} objects; {@code []} for none. */
    public String toJson() {
        ArrayNode array = JSON.createArrayNode();
        for (MaintenanceWindow window : windows) {
            array.addObject()
                    .put("cron", window.start().expression())
                    .put("durationSeconds", window.durationSeconds());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of strings and numbers always serialises", e);
        }
    }

    /** Stored values parsed so far, by zone and JSON; cleared when it holds {@value #PARSED_KEPT}. */
    private static final Map<String, MaintenanceWindows> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_KEPT = 1000;

    /**
     * Reads what {@link #toJson} wrote, each window in {@code timeZone}.
     *
     * @param json
     *            a JSON array of {@code {"cron": string, "durationSeconds": integer}} objects; null or blank is
     *            {@link #NONE}
     * @param timeZone
     *            the deployment's IANA time zone; null or blank means {@code UTC}
     * @throws DistributorException
     *             INVALID_INPUT on {@code schedule.timeZone} for a zone {@link CronSchedule#parse} refuses; on
     *             {@code schedule.windows} when the JSON is not such an array or has more than {@value #MAX_WINDOWS}
     *             elements; on {@code schedule.windows[i]}, {@code .cron} or {@code .durationSeconds} when element
     *             {@code i} is malformed or refused by {@link MaintenanceWindow#of}
     */
    public static MaintenanceWindows fromJson(String json, String timeZone) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        // The engine reads a deployment's windows on every pass over each of its runs: parse each stored value once.
        String key = timeZone + "\n" + json;
        MaintenanceWindows parsed = PARSED.get(key);
        if (parsed == null) {
            parsed = parse(json, timeZone);
            if (PARSED.size() >= PARSED_KEPT) {
                PARSED.clear();
            }
            PARSED.put(key, parsed);
        }
        return parsed;
    }

    private static MaintenanceWindows parse(String json, String timeZone) {
        // One zone for all windows: refuse it once, under its own name, rather than under each window.
        ZoneId zone = CronSchedule.zoneOf("schedule.timeZone", timeZone);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw DistributorException.invalidInput(FIELD,
                    "maintenance windows are not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw DistributorException.invalidInput(FIELD,
                    "maintenance windows are a JSON array of {\"cron\", \"durationSeconds\"} objects");
        }
        checkCount(root.size());
        List<MaintenanceWindow> windows = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            windows.add(window(FIELD + "[" + i + "]", root.get(i), zone));
        }
        return new MaintenanceWindows(windows);
    }

    private static MaintenanceWindow window(String field, JsonNode node, ZoneId zone) {
        if (!node.isObject()) {
            throw DistributorException.invalidInput(field,
                    "a maintenance window is an object {\"cron\": string, \"durationSeconds\": integer}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw DistributorException.invalidInput(field + "." + name,
                        "unknown key '" + name + "': a maintenance window has only cron and durationSeconds");
            }
        }
        JsonNode cron = node.get("cron");
        if (cron == null || !cron.isTextual()) {
            throw DistributorException.invalidInput(field + ".cron", "a maintenance window needs a cron string");
        }
        JsonNode duration = node.get("durationSeconds");
        if (duration == null || !duration.canConvertToExactIntegral() || !duration.canConvertToLong()) {
            throw DistributorException.invalidInput(field + ".durationSeconds",
                    "a maintenance window needs durationSeconds, a whole number of seconds");
        }
        return MaintenanceWindow.of(field, cron.textValue(), duration.asLong(), zone.getId());
    }
}
