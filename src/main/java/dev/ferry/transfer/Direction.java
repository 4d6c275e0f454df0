package dev.ferry.transfer;

public enum Direction { DOWNLOAD, UPLOAD }
