package dev.ferry;

public final class Main {
    public static void main(String[] args) {
    }
}
