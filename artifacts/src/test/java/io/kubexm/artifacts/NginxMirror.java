package io.kubexm.artifacts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Debian's nginx serving a directory on loopback, the way a real mirror would (Range included). */
public final class NginxMirror implements AutoCloseable {
    private final Process process;
    private final String address;
    private final int port;
    private final Path accessLog;

    private NginxMirror(Process process, String address, int port, Path accessLog) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.accessLog = accessLog;
    }

    public static NginxMirror serve(Path root, Path workDir) throws IOException, InterruptedException {
        return serve(root, workDir, "127.0.0.1");
    }

    /** Serves on {@code address} (loopback, or a lab bridge's gateway address for lab nodes). */
    public static NginxMirror serve(Path root, Path workDir, String address) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            port = s.getLocalPort();
        }
        Path log = workDir.resolve("access.log");
        String conf = """
                daemon off;
                user root;
                worker_processes 2;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log;
                events { worker_connections 256; }
                http {
                  log_format kx '$request_method $uri $status range=$http_range user=$remote_user';
                  access_log %2$s kx;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  types { application/octet-stream tgz gz; }
                  default_type application/octet-stream;
                  sendfile on;
                  server { listen %5$s:%3$d; root %4$s; autoindex on; }
                }
                """.formatted(workDir, log, port, root, address);
        Path confFile = workDir.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder("nginx", "-c", confFile.toString(), "-p", workDir.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("stdout.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                break;
            } catch (IOException notYet) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IOException("nginx did not start on port " + port + ": "
                            + Files.readString(workDir.resolve("stdout.log")) + readIfExists(workDir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
        return new NginxMirror(p, address, port, log);
    }

    private static String readIfExists(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    public String base() {
        return "http://" + address + ":" + port;
    }

    int port() {
        return port;
    }

    public List<String> accessLog() throws IOException {
        return Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
