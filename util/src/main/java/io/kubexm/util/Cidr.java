package io.kubexm.util;

import java.math.BigInteger;
import java.net.InetAddress;

/** An IPv4 or IPv6 network in CIDR notation, such as {@code 10.233.0.0/18}. */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > bits(network)) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0.." + bits(network));
        }
        if (!hostPart(network, prefixLength).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; the network is " + truncate(network, prefixLength).getHostAddress()
                    + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code ADDRESS/PREFIX}.
     *
     * @throws IllegalArgumentException saying what is wrong, and the right network when only host bits are set
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not in CIDR notation ADDRESS/PREFIX");
        }
        InetAddress address = IpAddresses.parse(text.substring(0, slash)).orElseThrow(
                () -> new IllegalArgumentException("'" + text.substring(0, slash) + "' is not an IP address"));
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a prefix length");
        }
        return new Cidr(address, Integer.parseInt(prefix));
    }

    public boolean isIpv4() {
        return bits(network) == 32;
    }

    public boolean contains(InetAddress address) {
        return bits(address) == bits(network) && truncate(address, prefixLength).equals(network);
    }

    public boolean overlaps(Cidr other) {
        return bits(network) == bits(other.network)
                && (contains(other.network) || other.contains(network));
    }

    /** Number of addresses in the network. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits(network) - prefixLength);
    }

    /** The address {@code index} places after the network address ({@code 1} is the first usable one). */
    public InetAddress addressAt(long index) {
        if (index < 0 || BigInteger.valueOf(index).compareTo(size()) >= 0) {
            throw new IllegalArgumentException(this + " has no address number " + index);
        }
        return IpAddresses.fromNumber(IpAddresses.toNumber(network).add(BigInteger.valueOf(index)),
                network.getAddress().length);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    private static BigInteger hostMask(InetAddress address, int prefixLength) {
        return BigInteger.ONE.shiftLeft(bits(address) - prefixLength).subtract(BigInteger.ONE);
    }

    private static BigInteger hostPart(InetAddress address, int prefixLength) {
        return IpAddresses.toNumber(address).and(hostMask(address, prefixLength));
    }

    private static InetAddress truncate(InetAddress address, int prefixLength) {
        BigInteger n = IpAddresses.toNumber(address).andNot(hostMask(address, prefixLength));
        return IpAddresses.fromNumber(n, address.getAddress().length);
    }
}
