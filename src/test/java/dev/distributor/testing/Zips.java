package dev.distributor.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Builds package zips in memory for tests, and reads them back. */
public final class Zips {

    /** Entry times are fixed so the same entries always give the same bytes, hence the same sha256. */
    private static final long FIXED_TIME = 1_700_000_000_000L;

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    public static Zips linuxPackage(String marker) {
        return new Zips()
                .with("install.sh", "#!/bin/sh\necho installing " + marker + "\n")
                .with("uninstall.sh", "#!/bin/sh\necho removing " + marker + "\n")
                .with("payload.txt", marker);
    }

    public static Zips windowsPackage(String marker) {
        return new Zips()
                .with("install.ps1", "Write-Output 'installing " + marker + "'\n")
                .with("uninstall.ps1", "Write-Output 'removing " + marker + "'\n");
    }

    public Zips with(String name, String content) {
        return with(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Zips with(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    public Zips without(String name) {
        entries.remove(name);
        return this;
    }

    public byte[] bytes() {
        try (var buffer = new ByteArrayOutputStream(); var zip = new ZipOutputStream(buffer)) {
            for (var e : entries.entrySet()) {
                var entry = new ZipEntry(e.getKey());
                entry.setTime(FIXED_TIME);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The entries of a zip by name, in their order in the zip. */
    public static Map<String, byte[]> entriesOf(byte[] zip) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }
}
