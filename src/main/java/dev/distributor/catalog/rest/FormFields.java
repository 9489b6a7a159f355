package dev.distributor.catalog.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import dev.distributor.catalog.manifest.ManifestBytes;
import dev.distributor.catalog.service.IncomingFile;
import dev.distributor.common.error.DistributorException;

/**
 * Reads a multipart form strictly: an unknown field or a field given twice is refused with its name, so a typo such as
 * {@code -F files=@app.zip} fails loudly instead of being ignored. File parts are blocking to read: call the
 * {@code read*} methods from a worker thread.
 */
final class FormFields {

    /** Larger text than this is not a manifest or a flag. */
    static final int MAX_TEXT_BYTES = 1024 * 1024;

    private final Map<String, Collection<FormValue>> values;

    FormFields(MultipartFormDataInput input, Set<String> allowed) {
        this.values = input == null ? Map.of() : input.getValues();
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw DistributorException.invalidInput(name, "Unknown form field '" + name + "'; this endpoint takes "
                        + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
    }

    /**
     * A manifest, from a file part ({@code -F manifest=@manifest.json}) or a plain field; null when absent. A file
     * part's bytes are decoded strictly, so the text is exactly what was sent; a plain field arrives decoded by the
     * framework, which replaces bytes that are not UTF-8, so a replacement character there is refused.
     *
     * @throws DistributorException INVALID_MANIFEST naming the offset of bytes that are not UTF-8
     */
    String readManifest(String name) throws IOException {
        FormValue value = single(name);
        if (value == null) {
            return null;
        }
        if (!value.isFileItem()) {
            String charset = value.getCharset();
            if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("UTF8")) {
                throw DistributorException.invalidInput(name, name + " must be sent as UTF-8, not " + charset + ".");
            }
            return ManifestBytes.requireNoReplacement(value.getValue(), name);
        }
        try (InputStream in = value.getFileItem().getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
            if (bytes.length > MAX_TEXT_BYTES) {
                throw DistributorException.invalidInput(name, name + " must be at most " + MAX_TEXT_BYTES + " bytes.");
            }
            return ManifestBytes.decode(bytes, name, name);
        }
    }

    /** A plain text field, or null when absent. */
    String text(String name) {
        FormValue value = single(name);
        if (value == null) {
            return null;
        }
        if (value.isFileItem()) {
            throw DistributorException.invalidInput(name, name + " must be a plain form field, not a file.");
        }
        return value.getValue();
    }

    /** {@code true} or {@code false}; absent is false. */
    boolean flag(String name) {
        String text = text(name);
        if (text == null || text.isBlank()) {
            return false;
        }
        return switch (text.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw DistributorException.invalidInput(name, name + " must be true or false; got '" + text
                    + "'.");
        };
    }

    /**
     * Every file part of the field, named by its part filename, on disk: parts the framework kept in memory are
     * written under {@code scratch}.
     */
    List<IncomingFile> readFiles(String name, Path scratch) throws IOException {
        List<IncomingFile> files = new ArrayList<>();
        for (FormValue value : values.getOrDefault(name, List.of())) {
            if (!value.isFileItem()) {
                throw DistributorException.invalidInput(name, name + " must be a file part, sent with curl -F "
                        + name + "=@app.zip.");
            }
            String fileName = baseName(value.getFileName());
            if (fileName.isEmpty()) {
                throw DistributorException.invalidInput(name, "Each " + name
                        + " part needs a filename: the file's name in the manifest.");
            }
            files.add(new IncomingFile(fileName, onDisk(value, scratch.resolve("part-" + files.size()))));
        }
        return files;
    }

    /** The one file part of the field, on disk; INVALID_INPUT naming the field when it is missing. */
    Path readFile(String name, String hint, Path scratch) throws IOException {
        FormValue value = single(name);
        if (value == null || !value.isFileItem()) {
            throw DistributorException.invalidInput(name, name + " is required as a file part: " + hint);
        }
        return onDisk(value, scratch.resolve(name));
    }

    private static Path onDisk(FormValue value, Path fallback) throws IOException {
        Path path = value.getFileItem().getFile();
        if (!value.getFileItem().isInMemory() && path != null) {
            return path;
        }
        try (InputStream in = value.getFileItem().getInputStream()) {
            Files.copy(in, fallback);
        }
        return fallback;
    }

    private FormValue single(String name) {
        Collection<FormValue> all = values.get(name);
        if (all == null || all.isEmpty()) {
            return null;
        }
        if (all.size() > 1) {
            throw DistributorException.invalidInput(name, name + " is given " + all.size() + " times; send it once.");
        }
        return all.iterator().next();
    }

    /** Some clients send the path the file had on their machine; only its last part names it. */
    private static String baseName(String fileName) {
        if (fileName == null) {
            return "";
        }
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1).trim();
    }
}
