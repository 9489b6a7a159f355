package dev.distributor.catalog.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Reads a package zip without extracting it and refuses what an agent must never unpack: entries escaping the root
 * (zip slip) and archives that expand past the limits (zip bombs). Sizes are counted by inflating, because entry
 * headers can lie. Blocking I/O: call it from a worker thread.
 */
public final class ZipInspector {

    private final int maxEntries;
    private final long maxExpandedSize;

    public ZipInspector(int maxEntries, long maxExpandedSize) {
        this.maxEntries = maxEntries;
        this.maxExpandedSize = maxExpandedSize;
    }

    public ZipContents inspect(Path zip, String displayName) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.size() > maxEntries) {
                throw tooLarge(displayName, "has " + file.size() + " entries; the limit is " + maxEntries);
            }
            var scripts = new TreeSet<String>();
            var texts = new TreeMap<String, String>();
            long expanded = 0;
            int count = 0;
            byte[] buffer = new byte[64 * 1024];
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                count++;
                checkName(entry.getName(), displayName);
                if (entry.isDirectory()) {
                    continue;
                }
                boolean script = ZipContents.KNOWN_SCRIPTS.contains(entry.getName());
                var text = script ? new ByteArrayOutputStream() : null;
                try (InputStream in = file.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0;) {
                        if (text != null && text.size() <= ZipContents.MAX_SCRIPT_TEXT) {
                            text.write(buffer, 0, n);
                        }
                        expanded += n;
                        if (expanded > maxExpandedSize) {
                            throw tooLarge(displayName, "expands past the limit of " + maxExpandedSize + " bytes");
                        }
                    }
                }
                if (script) {
                    scripts.add(entry.getName());
                    texts.put(entry.getName(), text.toString(StandardCharsets.UTF_8));
                }
            }
            return new ZipContents(count, expanded, scripts.stream().toList(), texts);
        } catch (ZipException e) {
            throw invalid(displayName, "is not a readable zip (" + e.getMessage() + ")", "");
        } catch (IOException e) {
            throw invalid(displayName, "could not be read (" + e.getMessage() + ")", "");
        }
    }

    private static void checkName(String name, String displayName) {
        String normalized = name.replace('\\', '/');
        boolean absolute = normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*");
        boolean escapes = normalized.equals("..") || normalized.startsWith("../") || normalized.contains("/../")
                || normalized.endsWith("/..");
        if (absolute || escapes || normalized.indexOf('\0') >= 0) {
            throw invalid(displayName, "has an entry outside its root: '" + name
                    + "'. Entries must be relative paths without '..'", name);
        }
    }

    private static DistributorException invalid(String displayName, String problem, String entry) {
        return new DistributorException(ErrorCode.INVALID_ZIP, "File '" + displayName + "' " + problem + ".",
                entry.isEmpty() ? Map.of("field", displayName) : Map.of("field", displayName, "entry", entry));
    }

    private static DistributorException tooLarge(String displayName, String problem) {
        return new DistributorException(ErrorCode.ZIP_TOO_LARGE, "File '" + displayName + "' " + problem
                + ". Raise DISTRIBUTOR_ZIP_MAX_ENTRIES or DISTRIBUTOR_ZIP_MAX_EXPANDED_SIZE if this is intended.",
                Map.of("field", displayName));
    }
}
