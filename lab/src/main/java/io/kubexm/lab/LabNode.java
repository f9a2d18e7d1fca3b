package io.kubexm.lab;

/**
 * One node of a lab. {@code machine} names its systemd-nspawn container and network
 * namespace; {@code hostLink} is the host side of its veth pair, on the lab bridge.
 */
public record LabNode(String name, String address, String machine, String hostLink) {
    /** The interface inside the node that holds {@link #address()}. */
    public static final String INTERFACE = "eth0";
}
