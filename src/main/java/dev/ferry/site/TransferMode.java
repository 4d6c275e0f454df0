package dev.ferry.site;

/** Data connection mode of a site: the global default, or a fixed one. */
public enum TransferMode { DEFAULT, PASSIVE, ACTIVE }
