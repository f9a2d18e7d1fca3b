package io.kubexm.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of everything a lab creates on the host. They are derived from the lab name alone, so
 * leftovers of a crashed lab can be found without its state file. Node names are DNS labels
 * without dots, so the "." after the lab name keeps lab "a" from matching lab "a-b".
 */
final class LabNames {
    private LabNames() {
    }

    static String bridge(String lab) {
        return "kxl-" + lab;
    }

    /** Container, network namespace and cgroup name of a node. */
    static String machine(String lab, String node) {
        return machinePrefix(lab) + node;
    }

    static String machinePrefix(String lab) {
        return "kxl-" + lab + ".";
    }

    /** Host side of the node's veth pair: short enough for the 15-character interface name limit. */
    static String hostLink(String lab, String node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((lab + "." + node).getBytes(StandardCharsets.UTF_8));
            return "kxv" + HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String nodeName(int index) {
        return "node" + index;
    }
}
