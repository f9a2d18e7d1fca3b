package io.kubexm.pki;

/** Extended key usages of a leaf certificate. */
public enum Usage {
    SERVER,
    CLIENT
}
