package dev.distributor.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric catalogue of docs/OBSERVABILITY.md: the series its table names, and which of them are timers. */
record Catalogue(Set<String> series, Set<String> timers) {

    static final Path DOC = Path.of("docs/OBSERVABILITY.md");

    private static final Pattern ROW = Pattern.compile("^\\| `(distributor_[a-z0-9_]+)` \\| ([a-z]+)",
            Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("\\bdistributor_[a-z0-9_]+");

    static Catalogue read() {
        try {
            String text = Files.readString(DOC);
            Set<String> series = new TreeSet<>();
            Set<String> timers = new TreeSet<>();
            Matcher row = ROW.matcher(text);
            while (row.find()) {
                series.add(row.group(1));
                if (row.group(2).equals("timer")) {
                    timers.add(row.group(1));
                }
            }
            return new Catalogue(series, timers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue series a query's metric name belongs to ({@code x_seconds_bucket} is timer {@code x_seconds}). */
    String seriesOf(String name) {
        for (String suffix : new String[]{"_bucket", "_count", "_sum", "_max"}) {
            if (name.endsWith(suffix) && timers.contains(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Every distributor_* metric name a PromQL expression reads. */
    static Set<String> namesIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
