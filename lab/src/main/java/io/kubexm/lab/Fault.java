package io.kubexm.lab;

import java.util.List;

/** A fault injected into one lab node, for reliability tests. */
public sealed interface Fault {
    String USAGE = "link-down | link-up | loss PCT | delay MS | stop-sshd | start-sshd | reboot | poweroff";

    /** The node's cable is pulled: its veth goes down on the host side. */
    record LinkDown() implements Fault {
    }

    record LinkUp() implements Fault {
    }

    /** Each packet into and out of the node is dropped with this probability, in percent; 0 ends the fault. */
    record Loss(int percent) implements Fault {
        public Loss {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("loss is a percentage from 0 to 100, not " + percent);
            }
        }
    }

    /** Packets leaving the node wait this many milliseconds; 0 ends the fault. Needs netem in the host kernel. */
    record Delay(int millis) implements Fault {
        public Delay {
            if (millis < 0 || millis > 60_000) {
                throw new IllegalArgumentException("delay is 0 to 60000 ms, not " + millis);
            }
        }
    }

    record StopSshd() implements Fault {
    }

    record StartSshd() implements Fault {
    }

    /** A clean reboot of the node's systemd; the node boots again with the same disk. */
    record Reboot() implements Fault {
    }

    /** A clean shutdown; {@code kubexm lab up} boots the node again. */
    record Poweroff() implements Fault {
    }

    /** Parses {@code kubexm lab fault} arguments: a fault name and its value, if it takes one. */
    static Fault parse(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("name a fault: " + USAGE);
        }
        String name = args.getFirst();
        int expected = name.equals("loss") || name.equals("delay") ? 2 : 1;
        if (args.size() != expected) {
            throw new IllegalArgumentException("fault '" + name + "' takes " + (expected - 1) + " value(s), got "
                    + (args.size() - 1) + "; faults: " + USAGE);
        }
        return switch (name) {
            case "link-down" -> new LinkDown();
            case "link-up" -> new LinkUp();
            case "loss" -> new Loss(number(args.get(1), name));
            case "delay" -> new Delay(number(args.get(1), name));
            case "stop-sshd" -> new StopSshd();
            case "start-sshd" -> new StartSshd();
            case "reboot" -> new Reboot();
            case "poweroff" -> new Poweroff();
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'; faults: " + USAGE);
        };
    }

    private static int number(String value, String fault) {
        try {
            return Integer.parseInt(value.endsWith("%") ? value.substring(0, value.length() - 1)
                    : value.endsWith("ms") ? value.substring(0, value.length() - 2) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault " + fault + " takes a whole number, not '" + value + "'");
        }
    }
}
