package io.kubexm.pki;

import io.kubexm.api.KeyAlgorithm;
import io.kubexm.util.IpAddresses;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a leaf certificate must say. Two requests with the same subject, SANs, usages and key
 * algorithm describe the same certificate: {@link Pki#satisfies} keeps an existing one then.
 */
public record CertRequest(
        String commonName,
        List<String> organizations,
        Set<String> dnsNames,
        Set<String> ipAddresses,
        Set<Usage> usages,
        int validityDays,
        KeyAlgorithm algorithm) {

    public CertRequest {
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a common name");
        }
        if (usages.isEmpty()) {
            throw new IllegalArgumentException("certificate " + commonName + " needs at least one usage");
        }
        if (validityDays <= 0) {
            throw new IllegalArgumentException("certificate " + commonName + ": validityDays must be positive, got " + validityDays);
        }
        for (String ip : ipAddresses) {
            if (!IpAddresses.isAddress(ip)) {
                throw new IllegalArgumentException("certificate " + commonName + ": '" + ip
                        + "' is not an IP address; put names in dnsNames");
            }
        }
        organizations = List.copyOf(organizations);
        dnsNames = Set.copyOf(new TreeSet<>(dnsNames));
        ipAddresses = Set.copyOf(new TreeSet<>(ipAddresses));
        usages = Set.copyOf(usages);
    }

    public static CertRequest client(String cn, List<String> orgs, int days, KeyAlgorithm alg) {
        return new CertRequest(cn, orgs, Set.of(), Set.of(), Set.of(Usage.CLIENT), days, alg);
    }
}
