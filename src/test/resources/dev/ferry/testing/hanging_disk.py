"""A disk that stops answering, as a network share whose server went away does: a FUSE file system
holding one empty folder, "folder", whose every look-up (stat, listing) waits while the gate file
exists. Used by dev.ferry.testing.HangingDisk."""
import errno
import os
import stat
import sys
import time

from fusepy import FUSE, FuseOSError, Operations


class HangingDisk(Operations):
    def __init__(self, gate):
        self.gate = gate

    def _answer_when_open(self):
        while os.path.exists(self.gate):
            time.sleep(0.02)

    def getattr(self, path, fh=None):
        self._answer_when_open()
        if path in ('/', '/folder'):
            now = time.time()
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_size=0,
                        st_ctime=now, st_mtime=now, st_atime=now)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        self._answer_when_open()
        return ['.', '..'] + (['folder'] if path == '/' else [])


if __name__ == '__main__':
    # No caching of answers: every look-up reaches the gate.
    FUSE(HangingDisk(sys.argv[2]), sys.argv[1], foreground=True, attr_timeout=0, entry_timeout=0)
