package io.kubexm.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** DNS names as Kubernetes constrains them (RFC 1123). */
public final class Dns {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private Dns() {
    }

    /** A DNS-1123 label: lower case letters, digits and '-', starting and ending alphanumeric, at most 63 characters. */
    public static boolean isLabel(String name) {
        return LABEL.matcher(name).matches();
    }

    /** A DNS-1123 subdomain: labels joined by '.', at most 253 characters. */
    public static boolean isSubdomain(String name) {
        return !name.isEmpty() && name.length() <= 253 && !name.endsWith(".")
                && Arrays.stream(name.split("\\.", -1)).allMatch(Dns::isLabel);
    }

    /** The nearest valid label to a name: lower case, other characters turned into '-', trimmed to 63. */
    public static String toLabel(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        s = s.length() > 63 ? s.substring(0, 63).replaceAll("-+$", "") : s;
        return s.isEmpty() ? "node" : s;
    }
}
