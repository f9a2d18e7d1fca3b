import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import io.kubexm.connector.ExecResult;
import io.kubexm.connector.Host;
import io.kubexm.connector.SshConnectors;
import io.kubexm.connector.SshOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs `true` on every target at once through one SshConnectors pool: first cold (connect,
 * key exchange and authentication included), then warm (connections reused) several rounds.
 * Usage: SshFanout USER KEY KNOWN_HOSTS PORT...
 */
public final class SshFanout {
    public static void main(String[] args) throws Exception {
        String user = args[0];
        Path key = Path.of(args[1]);
        Path knownHosts = Path.of(args[2]);
        List<Host> hosts = Arrays.stream(args).skip(3)
                .map(port -> Host.of("target-" + port, "127.0.0.1", user).withPort(Integer.parseInt(port)).withPrivateKey(key))
                .toList();
        try (SshConnectors pool = new SshConnectors(SshOptions.defaults(knownHosts))) {
            List<Connector> nodes = hosts.stream().map(pool::connector).toList();
            report("cold", round(nodes), nodes.size());
            int rounds = 5;
            long total = 0;
            for (int i = 0; i < rounds; i++) {
                total += round(nodes);
            }
            report("warm (mean of " + rounds + " rounds)", total / rounds, nodes.size());
            System.out.println("connections opened: " + pool.connectionsOpened());
        }
    }

    /** Nanoseconds until `true` has returned on every node. */
    private static long round(List<Connector> nodes) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ExecResult>> runs = nodes.stream().map(n -> threads.submit(() -> n.run(Command.of("true")))).toList();
            for (Future<ExecResult> run : runs) {
                run.get();
            }
        }
        return System.nanoTime() - start;
    }

    private static void report(String what, long nanos, int hosts) {
        System.out.printf("%-24s %3d hosts  wall %7.1f ms  per host %6.2f ms%n", what, hosts, nanos / 1e6, nanos / 1e6 / hosts);
    }
}
