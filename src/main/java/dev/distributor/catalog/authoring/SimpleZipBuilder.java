package dev.distributor.catalog.authoring;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import dev.distributor.common.error.DistributorException;

/**
 * Writes a Simple creation zip byte for byte the same every time for the same inputs, so regenerating a package
 * yields the same sha256 and the manifest stays valid. {@link java.util.zip.ZipOutputStream} cannot do that job: it
 * has no way to record Unix file modes, and Info-ZIP {@code unzip} (what the agent uses) only restores the executable
 * bit from them. So this class writes the (small) format itself:
 * <ul>
 * <li>entries in a fixed order: the scripts sorted by name, then the installer;</li>
 * <li>every timestamp 1980-01-01 00:00, the earliest a zip can hold;</li>
 * <li>"made by Unix" with mode 0755 for scripts and executables, 0644 for package files;</li>
 * <li>entries STORED, not deflated: deflate output depends on the zlib build, so it could differ between machines;
 * installers are compressed already, and the scripts are a few kilobytes.</li>
 * </ul>
 * No ZIP64: an installer must be at most 3.75 GiB.
 */
public final class SimpleZipBuilder {

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    /** Zip 2.0 made on Unix (host 3), so readers honour the mode in the external attributes. */
    private static final int VERSION_MADE_BY = (3 << 8) | 20;
    /** Zip 1.0: stored entries, nothing newer needed to read them. */
    private static final int VERSION_NEEDED = 10;
    private static final int STORED = 0;
    private static final int DOS_TIME = 0;
    /** 1980-01-01: year 0 since 1980, month 1, day 1. */
    private static final int DOS_DATE = (1 << 5) | 1;
    private static final int REGULAR_FILE = 0100000;
    private static final int EXECUTABLE = 0755;
    private static final int READABLE = 0644;
    /** Leaves room below the 4 GiB offset limit of a zip without ZIP64 for the scripts and headers. */
    private static final long MAX_SIZE = 0xF0000000L;

    private SimpleZipBuilder() {
    }

    private record Entry(String name, int mode, long crc, long size, long offset) {
    }

    /**
     * @param scripts the generated scripts, placed at the zip's root
     * @param installerFileName the installer's name at the zip's root (a checked file name)
     * @param installerFile where the installer's bytes are; read twice, for its CRC and then its content
     * @param out receives the zip; flushed, not closed
     * @throws DistributorException {@code INVALID_INPUT} when the installer's name equals a script's
     */
    public static void build(List<GeneratedScript> scripts, String installerFileName, Path installerFile,
            OutputStream out) throws IOException {
        InstallerKind kind = InstallerKind.detect(installerFileName);
        List<GeneratedScript> sorted = new ArrayList<>(scripts);
        sorted.sort(Comparator.comparing(GeneratedScript::name));
        Set<String> names = new HashSet<>();
        for (GeneratedScript script : sorted) {
            if (!names.add(script.name())) {
                throw new IllegalArgumentException("Two scripts are named " + script.name());
            }
        }
        if (names.contains(installerFileName)) {
            throw DistributorException.invalidInput("installerFileName", "The installer cannot be named '"
                    + installerFileName + "': the generated package has a script of that name. Rename the file.");
        }

        CountingOutputStream zip = new CountingOutputStream(new BufferedOutputStream(out, 64 * 1024));
        List<Entry> written = new ArrayList<>();
        for (GeneratedScript script : sorted) {
            byte[] content = script.content().getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(content);
            Entry entry = new Entry(script.name(), EXECUTABLE, crc.getValue(), content.length, zip.count);
            writeLocalHeader(zip, entry);
            zip.write(content);
            written.add(entry);
        }

        boolean executable = kind == InstallerKind.LINUX_EXECUTABLE || kind == InstallerKind.WINDOWS_EXECUTABLE;
        long size = Files.size(installerFile);
        if (size > MAX_SIZE) {
            throw DistributorException.invalidInput("installerFile",
                    "The installer is " + size + " bytes; Simple creation takes files up to 3.75 GiB ("
                            + MAX_SIZE + " bytes).");
        }
        Entry installer = new Entry(installerFileName, executable ? EXECUTABLE : READABLE, crcOf(installerFile),
                size, zip.count);
        writeLocalHeader(zip, installer);
        copy(installerFile, installer, zip);
        written.add(installer);

        long centralStart = zip.count;
        for (Entry entry : written) {
            writeCentralHeader(zip, entry);
        }
        long centralSize = zip.count - centralStart;
        writeInt(zip, END_OF_CENTRAL_DIRECTORY);
        writeShort(zip, 0); // this disk
        writeShort(zip, 0); // disk where the central directory starts
        writeShort(zip, written.size());
        writeShort(zip, written.size());
        writeInt(zip, centralSize);
        writeInt(zip, centralStart);
        writeShort(zip, 0); // comment length
        zip.flush();
    }

    private static void writeLocalHeader(OutputStream zip, Entry entry) throws IOException {
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        writeInt(zip, LOCAL_HEADER);
        writeShort(zip, VERSION_NEEDED);
        writeShort(zip, 0); // flags
        writeShort(zip, STORED);
        writeShort(zip, DOS_TIME);
        writeShort(zip, DOS_DATE);
        writeInt(zip, entry.crc());
        writeInt(zip, entry.size()); // compressed size
        writeInt(zip, entry.size());
        writeShort(zip, name.length);
        writeShort(zip, 0); // extra field length
        zip.write(name);
    }

    private static void writeCentralHeader(OutputStream zip, Entry entry) throws IOException {
        byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
        writeInt(zip, CENTRAL_HEADER);
        writeShort(zip, VERSION_MADE_BY);
        writeShort(zip, VERSION_NEEDED);
        writeShort(zip, 0); // flags
        writeShort(zip, STORED);
        writeShort(zip, DOS_TIME);
        writeShort(zip, DOS_DATE);
        writeInt(zip, entry.crc());
        writeInt(zip, entry.size());
        writeInt(zip, entry.size());
        writeShort(zip, name.length);
        writeShort(zip, 0); // extra field length
        writeShort(zip, 0); // comment length
        writeShort(zip, 0); // disk number start
        writeShort(zip, 0); // internal attributes
        writeInt(zip, (long) (REGULAR_FILE | entry.mode()) << 16);
        writeInt(zip, entry.offset());
        zip.write(name);
    }

    private static long crcOf(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** Copies while checking the bytes still match the header written from the first read. */
    private static void copy(Path file, Entry entry, OutputStream zip) throws IOException {
        CRC32 crc = new CRC32();
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                crc.update(buffer, 0, n);
                copied += n;
                zip.write(buffer, 0, n);
            }
        }
        if (copied != entry.size() || crc.getValue() != entry.crc()) {
            throw new IOException("Installer file " + file + " changed while the zip was being written");
        }
    }

    private static void writeShort(OutputStream out, int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
    }

    private static void writeInt(OutputStream out, long value) throws IOException {
        writeShort(out, (int) (value & 0xffff));
        writeShort(out, (int) ((value >>> 16) & 0xffff));
    }

    /** Tracks the offsets the central directory records. */
    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
