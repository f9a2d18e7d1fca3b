package io.kubexm.api;

import io.kubexm.util.Secret;
import java.util.Map;

/**
 * A machine of the cluster. {@code internalAddress} (cluster traffic) is {@code address}
 * (SSH from the control node) unless set. An enabled {@code bastion} overrides {@code spec.bastion}.
 */
public record Host(
        @Required String name,
        @Required String address,
        @Derived String internalAddress,
        @Range(min = 1, max = 65535, hint = "SSH listens on 22 unless configured otherwise") int port,
        String user,
        Secret password,
        String privateKeyPath,
        Secret privateKeyPassphrase,
        Secret sudoPassword,
        Arch arch,
        Map<String, String> labels,
        Bastion bastion) {

    public Host {
        if (internalAddress.isEmpty()) {
            internalAddress = address;
        }
    }

    static Host defaults() {
        return new Host("", "", "", 22, "root", Secret.of(""), "~/.ssh/id_ed25519", Secret.of(""), Secret.of(""),
                Arch.AMD64, Map.of(), Bastion.defaults());
    }
}
