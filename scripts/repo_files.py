"""What the check_*.py scripts read of the repository: its text files, below a folder, without
build output and installed dependencies."""
import os

SKIP_DIRS = {".git", "target", "build", "node_modules", ".gradle", ".build", "fuzz"}


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def files(root, suffixes):
    """The files below `root` whose names end with one of `suffixes`, in a stable order."""
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        for name in sorted(names):
            if name.endswith(suffixes):
                yield os.path.join(directory, name)
