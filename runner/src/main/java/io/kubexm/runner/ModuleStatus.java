package io.kubexm.runner;

/** Whether a kernel module's feature is there on a node, and if not, whether kubexm can load it. */
public enum ModuleStatus {
    /** Loaded as a module right now. */
    LOADED,
    /** Compiled into the kernel: always there, nothing to load (modprobe would be wrong). */
    BUILTIN,
    /** Not loaded, but the running kernel has it as a module: {@code modprobe} loads it. */
    LOADABLE,
    /** Not there and the node is a container: only the host can load it. */
    UNAVAILABLE_IN_CONTAINER,
    /** Not there and the running kernel has no such module. */
    MISSING;

    /** The feature works on the node now (loaded or built in). */
    public boolean available() {
        return this == LOADED || this == BUILTIN;
    }
}
