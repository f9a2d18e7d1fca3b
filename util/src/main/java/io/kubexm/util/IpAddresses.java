package io.kubexm.util;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** IP address literals. Never resolves a name: a host name is simply not an address. */
public final class IpAddresses {
    private static final Pattern V4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    /** The address written as a literal IPv4 (dotted quad) or IPv6 text, if it is one. */
    public static Optional<InetAddress> parse(String text) {
        if (V4.matcher(text).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = text.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return Optional.empty();
                }
                bytes[i] = (byte) octet;
            }
            return Optional.of(fromBytes(bytes));
        }
        if (text.contains(":") && V6.matcher(text).matches()) {
            try {
                // A text with ':' is taken as an IPv6 literal; no lookup happens.
                return Optional.of(InetAddress.getByName(text));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public static boolean isAddress(String text) {
        return parse(text).isPresent();
    }

    static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    static InetAddress fromNumber(BigInteger number, int bytes) {
        byte[] raw = number.toByteArray();
        byte[] out = new byte[bytes];
        int copy = Math.min(raw.length, bytes);
        System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
        return fromBytes(out);
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }
}
