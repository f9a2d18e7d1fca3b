package io.kubexm.connector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by all SSH connections of a run.
 *
 * @param knownHosts      the known_hosts file, normally {@code build/<cluster>/known_hosts}
 * @param connectTimeout  TCP connect, key exchange and authentication, each
 * @param keepAlive       interval of keepalive requests; a peer that misses 3 replies (each awaited one interval) is dropped
 * @param maxConnections  connections open at once across all hosts; idle ones are closed to make room
 * @param channelsPerHost commands running at once over one connection (OpenSSH's MaxSessions defaults to 10)
 */
public record SshOptions(Path knownHosts, Duration connectTimeout, Duration keepAlive, int maxConnections, int channelsPerHost) {
    public SshOptions {
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections must be at least 2 (a jump host takes one), got " + maxConnections);
        }
        if (channelsPerHost < 1) {
            throw new IllegalArgumentException("channelsPerHost must be at least 1, got " + channelsPerHost);
        }
    }

    /** 10 s connect timeout, 15 s keepalive, 64 connections, 8 channels per connection (below OpenSSH's default 10). */
    public static SshOptions defaults(Path knownHosts) {
        return new SshOptions(knownHosts, Duration.ofSeconds(10), Duration.ofSeconds(15), 64, 8);
    }

    public SshOptions withConnectTimeout(Duration timeout) {
        return new SshOptions(knownHosts, timeout, keepAlive, maxConnections, channelsPerHost);
    }

    public SshOptions withKeepAlive(Duration interval) {
        return new SshOptions(knownHosts, connectTimeout, interval, maxConnections, channelsPerHost);
    }

    public SshOptions withMaxConnections(int max) {
        return new SshOptions(knownHosts, connectTimeout, keepAlive, max, channelsPerHost);
    }

    public SshOptions withChannelsPerHost(int channels) {
        return new SshOptions(knownHosts, connectTimeout, keepAlive, maxConnections, channels);
    }
}
