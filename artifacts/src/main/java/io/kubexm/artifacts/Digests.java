package io.kubexm.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of files, as lower-case hex. */
public final class Digests {
    private Digests() {
    }

    public static String sha256(Path file) throws IOException {
        return sha256(file, OutputStream.nullOutputStream());
    }

    /** The file's sha256, computed while copying it to {@code copy} (read once). */
    public static String sha256(Path file, OutputStream copy) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in, copy);
        }
    }

    /** The sha256 of what {@code in} holds, computed while copying it to {@code copy}. */
    public static String sha256(InputStream in, OutputStream copy) throws IOException {
        MessageDigest md = newSha256();
        new DigestInputStream(in, md).transferTo(copy);
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(newSha256().digest(data));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
