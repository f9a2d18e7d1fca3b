package io.kubexm.connector;

import io.kubexm.util.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * Runs one sudo command through a {@link LocalConnector} in a child JVM started as another
 * user by {@link LocalConnectorSudoTest}. Arguments: the user name, the script, and optionally
 * {@code --cancel}. The sudo password (empty for none) is the first line of stdin, so it never
 * shows in {@code ps}. Prints the command's stdout; with {@code --cancel}, interrupts the command
 * when a second line arrives on stdin and prints the exception message instead.
 */
public final class LocalSudoProbe {
    private LocalSudoProbe() {
    }

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        String password = stdin.readLine();
        Host host = Host.of("control", "127.0.0.1", args[0]);
        if (password != null && !password.isEmpty()) {
            host = host.withSudoPassword(Secret.of(password));
        }
        LocalConnector local = new LocalConnector(host);
        if (args.length < 3) {
            System.out.print(local.run(Command.sudo(args[1])).stdout());
            return;
        }
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                local.run(Command.sudo(args[1]));
            } catch (ConnectorException e) {
                System.out.println(e.getMessage());
            }
        });
        stdin.readLine();
        runner.interrupt();
        runner.join();
    }
}
