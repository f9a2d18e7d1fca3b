package io.kubexm.connector;

import io.kubexm.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * The SSH connections of a run: one connection per host (hosts that differ only in name, like a
 * bastion named once per node behind it, share one), commands multiplexed over it as
 * channels (at most {@link SshOptions#channelsPerHost} at once), and at most
 * {@link SshOptions#maxConnections} connections across hosts (the least recently used idle one
 * is closed to make room). Connections are opened on first use and reopened after a drop.
 */
public final class SshConnectors implements AutoCloseable {
    private static final int CONCURRENT_HANDSHAKES = 8;
    private final SshOptions options;
    private final SshClient client;
    private final Semaphore handshakes = new Semaphore(CONCURRENT_HANDSHAKES, true);
    private final Map<Host, SshConnector> connectors = new ConcurrentHashMap<>();
    private final Map<Endpoint, Link> links = new HashMap<>(); // guarded by this
    private long opened; // guarded by this
    private boolean closed; // guarded by this

    public SshConnectors(SshOptions options) {
        this.options = options;
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new KnownHosts(options.knownHosts()));
        // Only what the Host says counts: no ~/.ssh/config, no default identities.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, options.keepAlive());
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, options.keepAlive());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        // Long quiet commands are normal (image imports, package installs); keepalive detects dead peers instead.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.start();
    }

    /** The connector for {@code host}; cheap, connects on first use. */
    public Connector connector(Host host) {
        return connectors.computeIfAbsent(host, h -> new SshConnector(h, this));
    }

    /** Connections open right now, across all hosts. */
    public synchronized int openConnections() {
        return (int) links.values().stream().filter(Link::isOpen).count();
    }

    /** Connections opened since the start, reconnects included. */
    public synchronized long connectionsOpened() {
        return opened;
    }

    @Override
    public void close() {
        List<Link> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(links.values());
            links.clear();
            notifyAll();
        }
        all.forEach(this::shut);
        client.stop();
    }

    /** A connection to {@code host} held for one operation; closing it hands it back. */
    final class Lease implements AutoCloseable {
        private final Link link;
        final ClientSession session;

        private Lease(Link link, ClientSession session) {
            this.link = link;
            this.session = session;
        }

        void acquireChannel() throws InterruptedException {
            link.channels.acquire();
        }

        void releaseChannel() {
            link.channels.release();
        }

        /** The connection died: forget it so that the next lease connects again. */
        void dropped() {
            discard(link);
        }

        @Override
        public void close() {
            synchronized (SshConnectors.this) {
                link.active--;
                link.lastUsed = System.nanoTime();
                SshConnectors.this.notifyAll();
            }
        }
    }

    Lease lease(Host host) {
        Link link;
        boolean connectHere = false;
        synchronized (this) {
            while (true) {
                if (closed) {
                    throw new ConnectorException("the SSH connections of this run are closed; cannot reach node " + host.describe());
                }
                link = links.get(endpoint(host));
                if (link != null && (!link.session.isDone() || link.isOpen())) {
                    break;
                }
                if (link != null) {
                    links.remove(endpoint(host));
                    shut(link);
                }
                if (links.size() < options.maxConnections() || evictIdle()) {
                    link = new Link(host, options.channelsPerHost());
                    links.put(endpoint(host), link);
                    opened++;
                    connectHere = true;
                    break;
                }
                waitForRoom(host);
            }
            link.active++;
        }
        if (connectHere) {
            try {
                link.session.complete(open(link));
            } catch (RuntimeException e) {
                link.session.completeExceptionally(e);
            }
        }
        try {
            return new Lease(link, link.session.get());
        } catch (ExecutionException | InterruptedException e) {
            synchronized (this) {
                link.active--;
                links.remove(endpoint(host), link);
                notifyAll();
            }
            shut(link);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e.getCause() instanceof ConnectorException ce ? ce
                    : new ConnectorException("cannot connect to node " + host.describe() + ": " + e, e);
        }
    }

    private void waitForRoom(Host host) {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted while waiting for a free connection to node " + host.describe());
        }
    }

    /** Closes the least recently used connection nobody is using; false when all are busy. */
    private boolean evictIdle() {
        Optional<Link> idle = links.values().stream()
                .filter(l -> l.active == 0 && l.session.isDone())
                .min(Comparator.comparingLong(l -> l.lastUsed));
        idle.ifPresent(l -> {
            links.remove(endpoint(l.host));
            shut(l);
        });
        return idle.isPresent();
    }

    /** Closes the connection of a connector that is being closed; the next {@link #connector} call makes a new one. */
    void forget(SshConnector connector) {
        connectors.remove(connector.host(), connector);
        discard(connector.host());
    }

    void discard(Host host) {
        Link link;
        synchronized (this) {
            link = links.remove(endpoint(host));
            notifyAll();
        }
        if (link != null) {
            shut(link);
        }
    }

    private void discard(Link link) {
        synchronized (this) {
            links.remove(endpoint(link.host), link);
            notifyAll();
        }
        shut(link);
    }

    private void shut(Link link) {
        if (!link.shut.compareAndSet(false, true)) {
            return;
        }
        link.session.thenAccept(s -> s.close(true));
        link.via.ifPresent(Lease::close);
    }

    private ClientSession open(Link link) {
        Host host = link.host;
        List<KeyPair> keys = host.privateKey().map(k -> loadKey(host, k)).orElse(List.of());
        String address = host.address();
        int port = host.port();
        if (host.bastion().isPresent()) {
            Host jump = host.bastion().get();
            Lease via = lease(jump);
            link.via = Optional.of(via);
            try {
                SshdSocketAddress local = via.session.startLocalPortForwarding(
                        new SshdSocketAddress("127.0.0.1", 0), new SshdSocketAddress(host.address(), host.port()));
                address = local.getHostName();
                port = local.getPort();
            } catch (IOException e) {
                throw unreachable(host, "jump host " + jump.describe() + " refused a tunnel: " + rootMessage(e));
            }
        }
        SshTarget target = new SshTarget(host);
        // Handshakes are CPU-bound; a few at a time finish within the connect timeout even on a
        // small control node fanning out to many hosts.
        try {
            handshakes.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("interrupted while connecting to node " + host.describe());
        }
        try {
            return handshake(host, address, port, target, keys);
        } finally {
            handshakes.release();
        }
    }

    private ClientSession handshake(Host host, String address, int port, SshTarget target, List<KeyPair> keys) {
        ClientSession session;
        try {
            session = client.connect(host.user(), address, port, AttributeRepository.ofKeyValuePair(SshTarget.KEY, target))
                    .verify(options.connectTimeout()).getSession();
        } catch (IOException | RuntimeException e) {
            throw unreachable(host, rootMessage(e));
        }
        host.password().map(Secret::reveal).ifPresent(session::addPasswordIdentity);
        keys.forEach(session::addPublicKeyIdentity);
        AuthFuture auth;
        boolean done;
        try {
            auth = session.auth();
            done = auth.await(options.connectTimeout());
        } catch (IOException e) {
            session.close(true);
            throw unreachable(host, rootMessage(e));
        }
        if (done && auth.isSuccess()) {
            return session;
        }
        session.close(true);
        if (target.refused().isPresent()) {
            throw new ConnectorException(target.refused().get());
        }
        String seconds = options.connectTimeout().toSeconds() + "s";
        if (session.getServerKey() == null) {
            throw unreachable(host, done ? "the connection closed during the key exchange: " + rootMessage(auth.getException())
                    : "the key exchange did not finish within " + seconds);
        }
        if (!done) {
            throw unreachable(host, "authentication did not finish within " + seconds);
        }
        throw new ConnectorException("authentication as user " + host.user() + " failed on node " + host.describe()
                + " with " + methods(host) + ": " + rootMessage(auth.getException())
                + "; check the user and the key or password given for this node");
    }

    private static List<KeyPair> loadKey(Host host, Path key) {
        FilePasswordProvider passphrase = host.passphrase()
                .map(p -> FilePasswordProvider.of(p.reveal()))
                .orElse(FilePasswordProvider.EMPTY);
        try (InputStream in = Files.newInputStream(key)) {
            List<KeyPair> pairs = new ArrayList<>();
            Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(key.toString()), in, passphrase);
            if (loaded != null) {
                loaded.forEach(pairs::add);
            }
            if (pairs.isEmpty()) {
                throw new ConnectorException("private key " + key + " for node " + host.name() + " holds no key pair; give an OpenSSH or PEM private key");
            }
            return pairs;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof ConnectorException ce) {
                throw ce;
            }
            String hint = host.passphrase().isPresent() ? "is the passphrase right?" : "if the key is encrypted, give its passphrase";
            throw new ConnectorException("cannot read private key " + key + " for node " + host.name() + ": "
                    + e.getClass().getSimpleName() + "; " + hint, e);
        }
    }

    private static String methods(Host host) {
        List<String> m = new ArrayList<>();
        host.privateKey().ifPresent(k -> m.add("private key " + k));
        host.password().ifPresent(p -> m.add("password"));
        return m.isEmpty() ? "no key or password configured" : String.join(" or ", m);
    }

    /**
     * What a connection is: who logs in where, with which credentials, through which jump host.
     * Hosts that differ only in name (a bastion named once per node that uses it) share one.
     */
    private record Endpoint(String user, String address, int port, Optional<Secret> password, Optional<Path> privateKey,
                            Optional<Secret> passphrase, Optional<Endpoint> via) {
    }

    private static Endpoint endpoint(Host host) {
        return new Endpoint(host.user(), host.address(), host.port(), host.password(), host.privateKey(), host.passphrase(),
                host.bastion().map(SshConnectors::endpoint));
    }

    static ConnectorException unreachable(Host host, String cause) {
        return new ConnectorException("cannot connect to node " + host.describe() + ": " + cause
                + "; check network policy, firewall or the sshd service");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** One host's connection, possibly still being opened. */
    private static final class Link {
        final Host host;
        final CompletableFuture<ClientSession> session = new CompletableFuture<>();
        final Semaphore channels;
        int active; // leases holding it, guarded by the pool
        long lastUsed = System.nanoTime(); // guarded by the pool
        Optional<Lease> via = Optional.empty(); // the jump host's connection this one tunnels through
        final AtomicBoolean shut = new AtomicBoolean();

        Link(Host host, int channels) {
            this.host = host;
            this.channels = new Semaphore(channels, true);
        }

        boolean isOpen() {
            return session.isDone() && !session.isCompletedExceptionally() && session.join().isOpen()
                    && !session.join().isClosing();
        }
    }
}
