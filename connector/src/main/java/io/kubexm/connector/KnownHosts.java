package io.kubexm.connector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Host keys in an OpenSSH {@code known_hosts} file (normally {@code build/<cluster>/known_hosts}):
 * a host seen for the first time is recorded (accept-new); a host whose key differs from the
 * recorded one is refused, naming both fingerprints and the command that forgets the old key.
 */
final class KnownHosts implements ServerKeyVerifier {
    private final Path file;

    KnownHosts(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey offered) {
        SshTarget target = session.getConnectionContext().getAttribute(SshTarget.KEY);
        if (target == null) {
            return false; // every connection we open names its target; anything else is refused
        }
        Host host = target.host();
        synchronized (this) {
            List<PublicKey> known = knownKeys(host);
            if (known.stream().anyMatch(k -> KeyUtils.compareKeys(k, offered))) {
                return true;
            }
            if (known.isEmpty()) {
                append(host, offered);
                return true;
            }
            target.refuse("the host key of node " + host.describe() + " changed: " + file + " has "
                    + known.stream().map(KeyUtils::getFingerPrint).toList()
                    + ", the node now offers " + KeyUtils.getFingerPrint(offered)
                    + ". If the node was reinstalled, forget the old key with: ssh-keygen -f " + file
                    + " -R '" + pattern(host) + "'; otherwise someone may be intercepting the connection");
            return false;
        }
    }

    private List<PublicKey> knownKeys(Host host) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(file)) {
                if (entry.getMarker() == null && entry.isHostMatch(host.address(), host.port())) {
                    keys.add(entry.getKeyEntry().resolvePublicKey(null, Collections.emptyMap(), PublicKeyEntryResolver.FAILING));
                }
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConnectorException("cannot read known hosts file " + file + ": " + e.getMessage()
                    + "; fix or delete the broken line", e);
        }
    }

    private void append(Host host, PublicKey key) {
        String line = pattern(host) + " " + PublicKeyEntry.toString(key) + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the host key of node " + host.describe() + " in " + file, e);
        }
    }

    /** OpenSSH's way of naming a host in known_hosts: plain address on port 22, else {@code [address]:port}. */
    static String pattern(Host host) {
        return host.port() == 22 ? host.address() : "[" + host.address() + "]:" + host.port();
    }
}
