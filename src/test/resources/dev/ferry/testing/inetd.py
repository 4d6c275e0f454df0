"""A one-service inetd for Ferry's interop tests: listens on --host/--port and runs the command
after "--" for each connection with the socket as its standard input and output, as inetd runs
netkit's in.ftpd or inetutils' ftpd. The command's standard error goes to --log.
"""
import argparse
import signal
import socket
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    command = options.command[1:] if options.command[:1] == ["--"] else options.command

    family = socket.AF_INET6 if ":" in options.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((options.host, options.port))
    listener.listen(50)
    # Ended sessions are reaped by the kernel, not left as zombies.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    log = open(options.log, "ab", buffering=0)
    children = []

    def stop(signum, frame):
        for child in children:
            if child.poll() is None:
                child.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    while True:
        connection, peer = listener.accept()
        log.write(("inetd: connection from %s port %d\n" % (peer[0], peer[1])).encode())
        children.append(subprocess.Popen(command, stdin=connection, stdout=connection, stderr=log,
                                         close_fds=True, start_new_session=False))
        children[:] = [c for c in children if c.poll() is None]
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
