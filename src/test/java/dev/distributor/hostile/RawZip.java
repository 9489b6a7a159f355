package dev.distributor.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip files byte by byte, so a test can build what no well-behaved zip library would: a local header that
 * names another file than the central directory, two central entries sharing one local record, sizes and CRCs that
 * lie, symlink modes, encryption flags, unknown methods. Every field not set explicitly holds the honest value.
 * Deflated data comes from {@link Deflate}, so the bytes never depend on the zlib the JVM was built with.
 */
final class RawZip {

    static final int STORED = 0;
    static final int DEFLATED = 8;

    /** Unix file types in the upper half of the external attributes (st_mode), with "version made by" Unix. */
    static final int REGULAR_FILE = 0100644;
    static final int DIRECTORY = 040755;
    static final int SYMLINK = 0120777;

    private static final int MADE_BY_UNIX = (3 << 8) | 20;
    private static final int DOS_DATE_1980_01_01 = 0x21;

    /** One entry; the fields left null are computed from the content. */
    static final class Entry {
        final String name;
        byte[] content;
        int method = STORED;
        byte[] stored;
        String localName;
        Long crc;
        Long size;
        Long compressedSize;
        Long localSize;
        Long localCompressedSize;
        int flags;
        int mode = REGULAR_FILE;
        /** Index of an earlier entry whose local record this central entry points at (no local record of its own). */
        Integer sharesLocalOf;
        /** Offset to point at instead of the entry's own local record. */
        Long offset;
        boolean writeLocal = true;
        long writtenOffset;

        Entry(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        Entry method(int method) {
            this.method = method;
            return this;
        }

        Entry mode(int mode) {
            this.mode = mode;
            return this;
        }

        /** The bytes that follow the local header (compressed data), instead of the content compressed. */
        Entry stored(byte[] bytes) {
            this.stored = bytes;
            return this;
        }

        byte[] data() {
            if (stored != null) {
                return stored;
            }
            return method == DEFLATED ? Deflate.fixedHuffman(content) : content;
        }

        long honestCrc() {
            var crc32 = new CRC32();
            crc32.update(content);
            return crc32.getValue();
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private byte[] appended = new byte[0];

    static RawZip create() {
        return new RawZip();
    }

    /** A stored regular file. */
    RawZip file(String name, String content) {
        return add(new Entry(name, content.getBytes(StandardCharsets.UTF_8)));
    }

    RawZip file(String name, byte[] content) {
        return add(new Entry(name, content));
    }

    RawZip directory(String name) {
        return add(new Entry(name, new byte[0]).mode(DIRECTORY));
    }

    /** A symbolic link: Unix mode 0120777, the content is the target path. */
    RawZip symlink(String name, String target) {
        return add(new Entry(name, target.getBytes(StandardCharsets.UTF_8)).mode(SYMLINK));
    }

    RawZip add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** The last entry added, to change a field of it. */
    Entry last() {
        return entries.get(entries.size() - 1);
    }

    /** Bytes written after the end-of-central-directory record. */
    RawZip append(byte[] bytes) {
        this.appended = bytes;
        return this;
    }

    byte[] bytes() {
        var out = new ByteArrayOutputStream();
        List<byte[]> data = new ArrayList<>();
        for (Entry e : entries) {
            byte[] d = e.data();
            data.add(d);
            if (!e.writeLocal || e.sharesLocalOf != null) {
                continue;
            }
            e.writtenOffset = out.size();
            byte[] name = (e.localName != null ? e.localName : e.name).getBytes(StandardCharsets.UTF_8);
            int32(out, 0x04034b50);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, e.method);
            int16(out, 0);
            int16(out, DOS_DATE_1980_01_01);
            int32(out, crc(e));
            int32(out, e.localCompressedSize != null ? e.localCompressedSize : compressedSize(e, d));
            int32(out, e.localSize != null ? e.localSize : size(e));
            int16(out, name.length);
            int16(out, 0);
            out.writeBytes(name);
            out.writeBytes(d);
        }
        long directoryStart = out.size();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            long offset = e.offset != null
                    ? e.offset
                    : e.sharesLocalOf != null ? entries.get(e.sharesLocalOf).writtenOffset : e.writtenOffset;
            int32(out, 0x02014b50);
            int16(out, MADE_BY_UNIX);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, e.method);
            int16(out, 0);
            int16(out, DOS_DATE_1980_01_01);
            int32(out, crc(e));
            int32(out, compressedSize(e, data.get(i)));
            int32(out, size(e));
            int16(out, name.length);
            int16(out, 0);
            int16(out, 0);
            int16(out, 0);
            int16(out, 0);
            int32(out, ((long) e.mode << 16) | (e.mode == DIRECTORY ? 0x10 : 0));
            int32(out, offset);
            out.writeBytes(name);
        }
        long directorySize = out.size() - directoryStart;
        int32(out, 0x06054b50);
        int16(out, 0);
        int16(out, 0);
        int16(out, entries.size());
        int16(out, entries.size());
        int32(out, directorySize);
        int32(out, directoryStart);
        int16(out, 0);
        out.writeBytes(appended);
        return out.toByteArray();
    }

    private static long crc(Entry e) {
        return e.crc != null ? e.crc : e.honestCrc();
    }

    private static long size(Entry e) {
        return e.size != null ? e.size : e.content.length;
    }

    private static long compressedSize(Entry e, byte[] data) {
        return e.compressedSize != null ? e.compressedSize : data.length;
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
    }

    private static void int32(ByteArrayOutputStream out, long value) {
        int16(out, (int) (value & 0xffff));
        int16(out, (int) ((value >>> 16) & 0xffff));
    }
}
