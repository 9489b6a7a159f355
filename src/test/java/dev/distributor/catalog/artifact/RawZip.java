package dev.distributor.catalog.artifact;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zips byte by byte for tests, so a test can make the central directory and the local headers disagree: each
 * header's name, sizes, CRC, flags and method are set separately, an entry can point at another entry's local header,
 * and a data descriptor can be written. Defaults give a valid STORED entry made on Unix with mode 0644. No ZIP64.
 */
final class RawZip {

    static final int STORED = 0;
    static final int DEFLATED = 8;
    static final int FLAG_ENCRYPTED = 1;
    static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    static final int FLAG_STRONG_ENCRYPTION = 1 << 6;
    static final int MADE_BY_UNIX = 3 << 8 | 20;
    static final int MADE_BY_DOS = 20;

    private final List<Entry> entries = new ArrayList<>();

    /** A valid STORED entry holding {@code content}; adjust it through the returned entry. */
    Entry add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Entry add(String name, byte[] content) {
        var entry = new Entry(name, content);
        entries.add(entry);
        return entry;
    }

    /** One entry; every header field starts as what a correct writer would put. */
    static final class Entry {
        String localName;
        String centralName;
        byte[] content;
        byte[] data;
        int method = STORED;
        int localFlags;
        int centralFlags;
        long localCrc;
        long centralCrc;
        long localSize;
        long centralSize;
        long localCompressedSize;
        long centralCompressedSize;
        int versionMadeBy = MADE_BY_UNIX;
        long externalAttributes = (long) 0100644 << 16;
        boolean descriptor;
        byte[] localExtra = new byte[0];
        byte[] centralExtra = new byte[0];
        Entry sharesLocalHeaderOf;
        private long offset;

        private Entry(String name, byte[] content) {
            this.localName = name;
            this.centralName = name;
            this.content = content;
            this.data = content;
            var crc = new CRC32();
            crc.update(content);
            localCrc = centralCrc = crc.getValue();
            localSize = centralSize = content.length;
            localCompressedSize = centralCompressedSize = content.length;
        }

        /** Deflates the content and declares it so, everywhere. */
        Entry deflated() {
            var deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            deflater.setInput(content);
            deflater.finish();
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.end();
            data = out.toByteArray();
            method = DEFLATED;
            localCompressedSize = centralCompressedSize = data.length;
            return this;
        }

        /** Adds bytes after the compressed data, inside the declared compressed size of both headers. */
        Entry trailingData(byte[] extra) {
            byte[] longer = Arrays.copyOf(data, data.length + extra.length);
            System.arraycopy(extra, 0, longer, data.length, extra.length);
            data = longer;
            localCompressedSize = centralCompressedSize = data.length;
            return this;
        }

        /** Cuts the compressed data to {@code length} bytes and declares that in both headers. */
        Entry truncatedData(int length) {
            data = Arrays.copyOf(data, length);
            localCompressedSize = centralCompressedSize = length;
            return this;
        }

        /** An Info-ZIP Unicode path extra field (0x7075) naming {@code path}, in both headers. */
        Entry unicodePath(String path) {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            var field = new ByteArrayOutputStream();
            writeShort(field, 0x7075);
            writeShort(field, 1 + 4 + name.length);
            field.write(1); // version
            var crc = new CRC32();
            crc.update(centralName.getBytes(StandardCharsets.UTF_8));
            writeInt(field, crc.getValue());
            field.writeBytes(name);
            localExtra = centralExtra = field.toByteArray();
            return this;
        }

        Entry localName(String name) {
            localName = name;
            return this;
        }

        Entry centralName(String name) {
            centralName = name;
            return this;
        }

        Entry method(int method) {
            this.method = method;
            return this;
        }

        Entry flags(int flags) {
            localFlags = centralFlags = flags;
            return this;
        }

        /** Declares another uncompressed size in both headers (and, STORED, the same compressed size). */
        Entry declaredSize(long size) {
            localSize = centralSize = size;
            if (method == STORED) {
                localCompressedSize = centralCompressedSize = size;
            }
            return this;
        }

        Entry centralSize(long size) {
            centralSize = size;
            return this;
        }

        Entry localSize(long size) {
            localSize = size;
            return this;
        }

        Entry centralCompressedSize(long size) {
            centralCompressedSize = size;
            return this;
        }

        Entry crc(long crc) {
            localCrc = centralCrc = crc;
            return this;
        }

        /** Defers CRC and sizes to a data descriptor (with its signature) after the data; the local header says 0. */
        Entry withDataDescriptor() {
            descriptor = true;
            localFlags |= FLAG_DATA_DESCRIPTOR;
            centralFlags |= FLAG_DATA_DESCRIPTOR;
            return this;
        }

        /** "Made by" Unix with {@code mode} (file type and permissions) in the high 16 bits of the attributes. */
        Entry unixMode(int mode) {
            versionMadeBy = MADE_BY_UNIX;
            externalAttributes = (long) mode << 16;
            return this;
        }

        /** A Unix symlink, as Info-ZIP {@code zip --symlinks} writes it: the target is the entry's content. */
        Entry symlink() {
            return unixMode(0120777);
        }

        Entry madeBy(int versionMadeBy, long externalAttributes) {
            this.versionMadeBy = versionMadeBy;
            this.externalAttributes = externalAttributes;
            return this;
        }

        /** Writes no local header for this entry: its central header points at {@code other}'s. */
        Entry sharingLocalHeaderOf(Entry other) {
            sharesLocalHeaderOf = other;
            return this;
        }
    }

    byte[] bytes() {
        var out = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            if (entry.sharesLocalHeaderOf != null) {
                continue;
            }
            entry.offset = out.size();
            byte[] name = entry.localName.getBytes(StandardCharsets.UTF_8);
            writeInt(out, 0x04034b50);
            writeShort(out, 20);
            writeShort(out, entry.localFlags);
            writeShort(out, entry.method);
            writeShort(out, 0); // time
            writeShort(out, 0x21); // date: 1980-01-01
            writeInt(out, entry.descriptor ? 0 : entry.localCrc);
            writeInt(out, entry.descriptor ? 0 : entry.localCompressedSize);
            writeInt(out, entry.descriptor ? 0 : entry.localSize);
            writeShort(out, name.length);
            writeShort(out, entry.localExtra.length);
            out.writeBytes(name);
            out.writeBytes(entry.localExtra);
            out.writeBytes(entry.data);
            if (entry.descriptor) {
                writeInt(out, 0x08074b50);
                writeInt(out, entry.localCrc);
                writeInt(out, entry.localCompressedSize);
                writeInt(out, entry.localSize);
            }
        }
        long centralStart = out.size();
        for (Entry entry : entries) {
            long offset = entry.sharesLocalHeaderOf != null ? entry.sharesLocalHeaderOf.offset : entry.offset;
            byte[] name = entry.centralName.getBytes(StandardCharsets.UTF_8);
            writeInt(out, 0x02014b50);
            writeShort(out, entry.versionMadeBy);
            writeShort(out, 20);
            writeShort(out, entry.centralFlags);
            writeShort(out, entry.method);
            writeShort(out, 0);
            writeShort(out, 0x21);
            writeInt(out, entry.centralCrc);
            writeInt(out, entry.centralCompressedSize);
            writeInt(out, entry.centralSize);
            writeShort(out, name.length);
            writeShort(out, entry.centralExtra.length);
            writeShort(out, 0); // comment
            writeShort(out, 0); // disk
            writeShort(out, 0); // internal attributes
            writeInt(out, entry.externalAttributes);
            writeInt(out, offset);
            out.writeBytes(name);
            out.writeBytes(entry.centralExtra);
        }
        long centralSize = out.size() - centralStart;
        writeInt(out, 0x06054b50);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, entries.size());
        writeShort(out, entries.size());
        writeInt(out, centralSize);
        writeInt(out, centralStart);
        writeShort(out, 0);
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
    }

    private static void writeInt(ByteArrayOutputStream out, long value) {
        writeShort(out, (int) (value & 0xffff));
        writeShort(out, (int) ((value >>> 16) & 0xffff));
    }
}
