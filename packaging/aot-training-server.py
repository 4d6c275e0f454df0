#!/usr/bin/env python3
"""FTP (and, when pyOpenSSL and openssl are here, explicit FTPS) on loopback for the AOT cache's
training run: the packaged command line is trained on real transfers, not only on the window.

    aot-training-server.py ROOT CERT   prints "ports PLAIN [TLS]" and serves until stdin closes.
User "ferry", password "training", full rights in ROOT.
"""
import subprocess
import sys
import threading

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

root, cert = sys.argv[1], sys.argv[2]
users = DummyAuthorizer()
users.add_user("ferry", "training", root, perm="elradfmwMT")


class Plain(FTPHandler):
    """Without MLSD, as vsftpd and many others: the commands list with LIST, whose parsers get trained."""
    authorizer = users
    proto_cmds = {name: spec for name, spec in FTPHandler.proto_cmds.items() if name not in ("MLSD", "MLST")}


servers = [FTPServer(("127.0.0.1", 0), Plain)]
try:
    from pyftpdlib.handlers import TLS_FTPHandler

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", cert, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)

    class Secure(TLS_FTPHandler):
        authorizer = users
        certfile = cert
        tls_control_required = True
        tls_data_required = True

    servers.append(FTPServer(("127.0.0.1", 0), Secure))
except Exception as missing:  # no pyOpenSSL or no openssl: plain FTP only
    print("aot-training-server: no FTPS (%s)" % missing, file=sys.stderr)

print("ports", " ".join(str(s.socket.getsockname()[1]) for s in servers), flush=True)
# Every server shares pyftpdlib's one I/O loop: serving one serves them all.
threading.Thread(target=servers[0].serve_forever, daemon=True).start()
sys.stdin.read()
