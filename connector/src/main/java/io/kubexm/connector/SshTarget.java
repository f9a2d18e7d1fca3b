package io.kubexm.connector;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/**
 * The node a connection is meant for, attached to the connection so that host key checks use
 * the node's own address and port even when the socket goes through a jump host's tunnel.
 */
record SshTarget(Host host, AtomicReference<String> refusal) {
    static final AttributeKey<SshTarget> KEY = new AttributeKey<>();

    SshTarget(Host host) {
        this(host, new AtomicReference<>());
    }

    void refuse(String why) {
        refusal.set(why);
    }

    Optional<String> refused() {
        return Optional.ofNullable(refusal.get());
    }
}
