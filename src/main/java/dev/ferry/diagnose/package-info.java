/**
 * Diagnosing a connection to an FTP server step by step, for {@code ferry diagnose} and the app's
 * "Diagnose…" window: name lookup, TCP, the greeting, TLS (explicit and implicit), the
 * certificate, login, data protection, passive and active data connections, TLS on the data
 * connection and its session reuse, a listing. Each step ends with an {@link dev.ferry.diagnose.Outcome}
 * and a {@link dev.ferry.message.Message}; a {@link dev.ferry.diagnose.Verdict} then says which
 * settings work and what the server's administrator can fix.
 * <p>
 * Depends on {@code ftp} and {@code tls} only: the engine's public API where it has a step (a
 * session with chosen settings, its dialogue log, its security status), raw sockets where it has
 * none (the lookup, a bare TCP connection, reading a greeting, a handshake that may stall). Every
 * step is bounded by a short timeout and the whole diagnosis by a deadline: it never hangs.
 */
package dev.ferry.diagnose;
