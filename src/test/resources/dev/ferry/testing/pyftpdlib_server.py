"""pyftpdlib (Debian's python3-pyftpdlib) for Ferry's interop tests: one user, one folder.

Options choose plain or TLS (explicit AUTH TLS, optionally required), the address (IPv4 or IPv6),
and the character set of names on the wire: pyftpdlib 1.5 speaks UTF-8 only, so --encoding gbk
swaps in a handler and file system that convert every name between the disk's UTF-8 and GBK, as
old Chinese servers do.
"""
import argparse
import asynchat
import logging
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.filesystems import AbstractedFS
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def recoded(lines, encoding):
    for line in lines:
        yield line.decode("utf8", "surrogateescape").encode(encoding, "replace")


def handler_for(base, encoding):
    if encoding == "utf8":
        return base

    class RecodingFS(AbstractedFS):
        def format_list(self, *args, **kwargs):
            return recoded(super().format_list(*args, **kwargs), encoding)

        def format_mlsx(self, *args, **kwargs):
            return recoded(super().format_mlsx(*args, **kwargs), encoding)

    class RecodingHandler(base):
        abstracted_fs = RecodingFS

        def decode(self, data):
            return data.decode(encoding, self.unicode_errors)

        def push(self, text):
            asynchat.async_chat.push(self, text.encode(encoding, "replace"))

        def ftp_NLST(self, path):
            # pyftpdlib builds NLST's data in UTF-8 in one piece; this one names what it lists in the wire's encoding.
            try:
                names = sorted(self.run_as_current_user(self.fs.listdir, path))
            except (OSError, Exception) as err:
                self.respond("550 %s." % err)
                return None
            data = "".join(name + "\r\n" for name in names).encode(encoding, "replace")
            self.push_dtp_data(data, cmd="NLST")
            return path

    return RecodingHandler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--certificate", help="PEM with certificate and key: TLS on")
    parser.add_argument("--tls-required", action="store_true")
    parser.add_argument("--encoding", default="utf8")
    parser.add_argument("--passive-ports", help="first-last: the range PASV and EPSV choose from")
    parser.add_argument("--no-epsv", action="store_true",
                        help="answer EPSV with 502, so clients must use PASV and its address")
    parser.add_argument("--no-rest", action="store_true",
                        help="no REST: not in FEAT, and the command is unknown (a server that cannot resume)")
    parser.add_argument("--plain-data-under-prot-p", action="store_true",
                        help="misconfigured: PROT P is accepted and data stays plain")
    parser.add_argument("--log", required=True)
    options = parser.parse_args()

    logging.basicConfig(filename=options.log, level=logging.DEBUG,
                        format="%(asctime)s %(message)s")
    authorizer = DummyAuthorizer()
    authorizer.add_user(options.user, options.password, options.root, perm="elradfmwMT")

    if options.certificate:
        from pyftpdlib.handlers import TLS_FTPHandler
        base = TLS_FTPHandler
        base.certfile = options.certificate
        base.tls_control_required = options.tls_required
        base.tls_data_required = options.tls_required
    else:
        base = FTPHandler
    handler = handler_for(base, options.encoding)
    if options.no_epsv:
        class NoEpsvHandler(handler):
            def ftp_EPSV(self, line):
                self.respond("502 EPSV not implemented here.")
        handler = NoEpsvHandler
    if options.no_rest:
        class NoRestHandler(handler):
            proto_cmds = {name: spec for name, spec in handler.proto_cmds.items() if name != "REST"}
        handler = NoRestHandler
    if options.plain_data_under_prot_p:
        class PlainDataHandler(handler):
            def ftp_PROT(self, line):
                self.respond("200 Protection set to Private")
        handler = PlainDataHandler
    if options.passive_ports:
        first, last = options.passive_ports.split("-")
        handler.passive_ports = range(int(first), int(last) + 1)
    handler.authorizer = authorizer
    handler.banner = "pyftpdlib ready"
    handler.permit_privileged_ports = True

    server = FTPServer((options.host, options.port), handler)
    server.serve_forever(handle_exit=True)


if __name__ == "__main__":
    sys.exit(main())
