package io.kubexm.cli;

import java.io.Console;

/** Whether standard output is an interactive terminal (progress bars) or not (JSON lines). */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        // Since JDK 22 System.console() exists even when redirected; isTerminal() tells the truth.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
