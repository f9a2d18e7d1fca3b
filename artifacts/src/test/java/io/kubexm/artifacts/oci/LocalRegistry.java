package io.kubexm.artifacts.oci;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Debian's docker-registry (distribution 2.8) on loopback; optionally TLS and htpasswd auth. */
public final class LocalRegistry implements AutoCloseable {
    private final Process process;
    public final int port;
    public final Path dir;

    private LocalRegistry(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    /** A plain-HTTP registry without auth. */
    public static LocalRegistry plain(Path dir) throws IOException, InterruptedException {
        return start(dir, "");
    }

    /**
     * A TLS registry (self-signed certificate for 127.0.0.1, written to dir/certs/ca.crt) with
     * Basic auth. The bcrypt cost is the lowest, as the registry checks it on every request.
     */
    public static LocalRegistry tlsWithAuth(Path dir, String user, String password) throws IOException, InterruptedException {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("registry.key").toString(),
                "-out", certs.resolve("ca.crt").toString()));
        String hash = run(List.of("python3", "-W", "ignore", "-c",
                "import crypt,sys;print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))", password)).strip();
        Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n");
        return start(dir, """
                  tls:
                    certificate: %1$s/certs/ca.crt
                    key: %1$s/registry.key
                auth:
                  htpasswd:
                    realm: kubexm-test
                    path: %1$s/htpasswd
                """.formatted(dir));
    }

    /** A plain-HTTP registry that accepts only bearer tokens signed by the key of {@code tokenCert}. */
    public static LocalRegistry tokenAuth(Path dir, String realm, Path tokenCert) throws IOException, InterruptedException {
        return start(dir, """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(realm, TokenServer.SERVICE, TokenServer.ISSUER, tokenCert));
    }

    private static LocalRegistry start(Path dir, String extra) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String config = """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: %s/data}
                  delete: {enabled: true}
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir, port) + extra;
        Path file = dir.resolve("config.yml");
        Files.writeString(file, config);
        Process p = new ProcessBuilder("docker-registry", "serve", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new LocalRegistry(p, port, dir);
            } catch (IOException notYet) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IOException("docker-registry did not start: " + Files.readString(dir.resolve("registry.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    public static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
