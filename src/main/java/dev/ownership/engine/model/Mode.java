package dev.ownership.engine.model;

/** ONLINE never holds a lock that blocks the application for long; OFFLINE runs the plain sequence. */
public enum Mode { ONLINE, OFFLINE }
