package io.kubexm.api;

import io.kubexm.util.Secret;

/** A jump host; none when {@code address} is empty. */
public record Bastion(String address, @Range(min = 1, max = 65535, hint = "SSH listens on 22 unless configured otherwise") int port, String user, Secret password,
        String privateKeyPath) {

    public boolean enabled() {
        return !address.isEmpty();
    }

    static Bastion defaults() {
        return new Bastion("", 22, "root", Secret.of(""), "~/.ssh/id_ed25519");
    }
}
