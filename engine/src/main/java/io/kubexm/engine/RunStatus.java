package io.kubexm.engine;

/** A run is RUNNING from its start until it ends; a killed run stays RUNNING in the state database. */
public enum RunStatus { RUNNING, SUCCEEDED, FAILED }
