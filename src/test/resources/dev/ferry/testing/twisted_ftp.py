"""Twisted's FTP server (Debian's python3-twisted) for Ferry's interop tests: one user with a
password, logged into one folder (twistd's own "ftp" plugin sends users to /home/<name>).
"""
import argparse
import sys

from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import Portal
from twisted.internet import reactor
from twisted.protocols.ftp import BaseFTPRealm, FTPFactory
from twisted.python import filepath, log


class OneFolderRealm(BaseFTPRealm):
    def __init__(self, root):
        BaseFTPRealm.__init__(self, root)
        self.root = filepath.FilePath(root)

    def getHomeDirectory(self, avatarId):
        return self.root


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--log", required=True)
    options = parser.parse_args()

    log.startLogging(open(options.log, "a"), setStdout=False)
    checker = InMemoryUsernamePasswordDatabaseDontUse()
    # Twisted hands the checker the names and passwords as the FTP protocol decoded them: str.
    checker.addUser(options.user, options.password)
    factory = FTPFactory(Portal(OneFolderRealm(options.root), [checker]))
    factory.allowAnonymous = False
    reactor.listenTCP(options.port, factory, interface=options.host)
    reactor.run()


if __name__ == "__main__":
    sys.exit(main())
