package dev.distributor.catalog.authoring;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Checks that an installer is what its name says before Simple creation wraps it, so a misnamed file is refused at
 * upload instead of failing on every host. The file name chooses the {@link InstallerKind}; the first bytes must then
 * carry that kind's signature: a Debian package is an {@code ar} archive whose first member is {@code debian-binary}
 * (deb(5)); an RPM starts with the lead magic ED AB EE DB; an .msi is an OLE compound file (D0 CF 11 E0 A1 B1 1A E1);
 * a .tar.gz/.tgz is gzip (1F 8B) holding a readable tar header (read with Apache Commons Compress); a Linux
 * executable is ELF (7F 'E' 'L' 'F') or a script starting with {@code #!} (the .sh and .run installers many vendors
 * ship); an .exe starts with {@code MZ}. Only headers are read: the file's hash was verified already, and whether the
 * package itself installs is for the host to find out.
 */
public final class InstallerSignature {

    private static final byte[] AR = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RPM_LEAD = {(byte) 0xED, (byte) 0xAB, (byte) 0xEE, (byte) 0xDB};
    private static final byte[] OLE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
            (byte) 0xE1};
    private static final byte[] GZIP = {0x1F, (byte) 0x8B};
    private static final byte[] ELF = {0x7F, 'E', 'L', 'F'};
    private static final byte[] SHEBANG = {'#', '!'};
    private static final byte[] MZ = {'M', 'Z'};
    private static final int SHOWN_BYTES = 8;

    private InstallerSignature() {
    }

    /**
     * @throws DistributorException {@link ErrorCode#INVALID_INSTALLER} naming what {@code kind} expects and the file's
     *         first bytes (in hex), with {@code extensions.field} {@code installer}
     * @throws IOException when the file cannot be read
     */
    public static void verify(InstallerKind kind, Path installer, String fileName) throws IOException {
        byte[] head = head(installer);
        boolean fits = switch (kind) {
            case DEB -> startsWith(head, AR) && firstArMemberIsDebianBinary(installer);
            case RPM -> startsWith(head, RPM_LEAD);
            case MSI -> startsWith(head, OLE);
            case TARBALL -> startsWith(head, GZIP) && holdsATar(installer);
            case LINUX_EXECUTABLE -> startsWith(head, ELF) || startsWith(head, SHEBANG);
            case WINDOWS_EXECUTABLE -> startsWith(head, MZ);
        };
        if (!fits) {
            throw new DistributorException(ErrorCode.INVALID_INSTALLER, "Installer '" + fileName + "' is not "
                    + expected(kind) + "; its first bytes are " + shown(head)
                    + ". Check the file, or name it for what it is.",
                    Map.of("field", "installer"));
        }
    }

    /** What a file of this kind must start with, in words. */
    static String expected(InstallerKind kind) {
        return switch (kind) {
            case DEB -> "a Debian package: expected an ar archive (!<arch>) whose first member is debian-binary";
            case RPM -> "an RPM package: expected the RPM lead ED AB EE DB";
            case MSI -> "a Windows Installer package: expected an OLE compound file (D0 CF 11 E0 A1 B1 1A E1)";
            case TARBALL -> "a gzip-compressed tar archive: expected gzip (1F 8B) holding a readable tar header";
            case LINUX_EXECUTABLE -> "a Linux executable: expected ELF (7F 45 4C 46) or a script starting with #!";
            case WINDOWS_EXECUTABLE -> "a Windows executable: expected the MZ header (4D 5A)";
        };
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(SHOWN_BYTES);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static boolean firstArMemberIsDebianBinary(Path file) throws IOException {
        try (ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            ArchiveEntry first = ar.getNextEntry();
            // GNU ar ends names with '/'; dpkg-deb writes "debian-binary" padded with spaces.
            return first != null && first.getName().replaceAll("/$", "").equals("debian-binary");
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean holdsATar(Path file) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(file))))) {
            return tar.getNextEntry() != null;
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static String shown(byte[] head) {
        if (head.length == 0) {
            return "none (the file is empty)";
        }
        String hex = HexFormat.ofDelimiter(" ").withUpperCase().formatHex(head);
        StringBuilder text = new StringBuilder();
        for (byte b : head) {
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return hex + " ('" + text + "')";
    }
}
