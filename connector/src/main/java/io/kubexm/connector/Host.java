package io.kubexm.connector;

import io.kubexm.util.Secret;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach one node: the connector's own view of a host, independent of the cluster
 * config (ops maps the config onto it). {@code bastion} is the jump host to go through, if any;
 * setting the same bastion on every host gives a jump host for all of them.
 */
public record Host(
        String name,
        String address,
        int port,
        String user,
        Optional<Secret> password,
        Optional<Path> privateKey,
        Optional<Secret> passphrase,
        Optional<Secret> sudoPassword,
        Optional<Host> bastion) {

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(sudoPassword, "sudoPassword");
        Objects.requireNonNull(bastion, "bastion");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of node " + name + " must be 1-65535, got " + port);
        }
    }

    /** A host on port 22 with no credentials yet; add them with the {@code with...} methods. */
    public static Host of(String name, String address, String user) {
        return new Host(name, address, 22, user, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public Host withPort(int newPort) {
        return new Host(name, address, newPort, user, password, privateKey, passphrase, sudoPassword, bastion);
    }

    public Host withPassword(Secret newPassword) {
        return new Host(name, address, port, user, Optional.of(newPassword), privateKey, passphrase, sudoPassword, bastion);
    }

    public Host withPrivateKey(Path key) {
        return new Host(name, address, port, user, password, Optional.of(key), passphrase, sudoPassword, bastion);
    }

    public Host withPrivateKey(Path key, Secret keyPassphrase) {
        return new Host(name, address, port, user, password, Optional.of(key), Optional.of(keyPassphrase), sudoPassword, bastion);
    }

    public Host withSudoPassword(Secret newSudoPassword) {
        return new Host(name, address, port, user, password, privateKey, passphrase, Optional.of(newSudoPassword), bastion);
    }

    public Host withBastion(Host jumpHost) {
        return new Host(name, address, port, user, password, privateKey, passphrase, sudoPassword, Optional.of(jumpHost));
    }

    public boolean isRoot() {
        return user.equals("root");
    }

    /** {@code NAME (ADDRESS:PORT)}, the way every error names a node. */
    public String describe() {
        return name + " (" + endpoint() + ")";
    }

    public String endpoint() {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }
}
