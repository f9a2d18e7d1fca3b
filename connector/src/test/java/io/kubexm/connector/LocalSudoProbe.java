package io.kubexm.connector;

import io.kubexm.util.Secret;
import java.io.BufferedReader;
import java.io.InputStreamReader;

/**
 * Runs one sudo command through a {@link LocalConnector} in a child JVM started as another
 * user by {@link LocalConnectorSudoTest}. Arguments: the user name and the script; the sudo
 * password (empty for none) is the first line of stdin, so it never shows in {@code ps}.
 */
public final class LocalSudoProbe {
    private LocalSudoProbe() {
    }

    public static void main(String[] args) throws Exception {
        String password = new BufferedReader(new InputStreamReader(System.in)).readLine();
        Host host = Host.of("control", "127.0.0.1", args[0]);
        if (password != null && !password.isEmpty()) {
            host = host.withSudoPassword(Secret.of(password));
        }
        System.out.print(new LocalConnector(host).run(Command.sudo(args[1])).stdout());
    }
}
