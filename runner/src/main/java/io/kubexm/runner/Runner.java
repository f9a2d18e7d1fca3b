package io.kubexm.runner;

import io.kubexm.connector.Connector;

/**
 * Typed operations on one node over its {@link Connector}. Every helper is idempotent where
 * the operation allows it and reports whether it changed the node.
 */
public final class Runner {
    private final Connector node;

    public Runner(Connector node) {
        this.node = node;
    }

    public Connector connector() {
        return node;
    }

    public HostFacts facts() {
        return Facts.gather(node);
    }

    public RemoteFiles files() {
        return new RemoteFiles(node);
    }

    public ManagedBlocks blocks() {
        return new ManagedBlocks(node);
    }

    public Systemd systemd() {
        return new Systemd(node);
    }

    public Packages packages(HostFacts.PackageManager manager) {
        return new Packages(node, manager);
    }

    public KernelModules kernelModules() {
        return new KernelModules(node);
    }

    public Sysctl sysctl() {
        return new Sysctl(node);
    }

    public Accounts accounts() {
        return new Accounts(node);
    }

    public Archives archives() {
        return new Archives(node);
    }

    public Ports ports() {
        return new Ports(node);
    }
}
