package io.kubexm.ops.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file a node receives: its absolute path on the node, mode, owner and content. A
 * {@link Kind#BLOCK} is a managed block kubexm keeps inside the node's file, not the whole file.
 */
public record NodeFile(String node, String path, int mode, String owner, Kind kind, byte[] content) {

    public enum Kind {
        FILE,
        BLOCK
    }

    public static final int PUBLIC = 0644;
    public static final int SECRET = 0600;

    public NodeFile {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("node " + node + ": file path must be absolute, got " + path);
        }
        content = content.clone();
    }

    public static NodeFile of(String node, String path, int mode, String content) {
        return new NodeFile(node, path, mode, "root:root", Kind.FILE, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public String modeOctal() {
        return String.format("%04o", mode);
    }

    @Override
    public String toString() {
        return "NodeFile[" + node + ":" + path + " " + modeOctal() + " " + owner + " " + kind + "]";
    }
}
