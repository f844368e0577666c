"""The one way corpus files are opened: never through a link that leaves their folder, never racy.

A corpus file is named by a root folder (e.g. `<project>/tooling`) and a relative path. It is opened
by walking the path one component at a time from a descriptor of the root, each step with
`O_NOFOLLOW`, so no component is ever resolved through a symlink by the kernel behind our back:

- a folder component that is a symlink is refused (linked folders are not read);
- a final component that is a symlink is resolved by hand (readlink, then walked again from the
  root), at most MAX_HOPS times; a target that climbs out of the root, or a loop, is refused;
- what is finally opened is checked with `fstat` on the open descriptor: only regular files.

Because every check is made on the descriptor that is then read, a file swapped for a symlink
between listing and reading cannot leak (no check-then-open race). A refusal never quotes the file.
"""
from __future__ import annotations

import errno
import os
import posixpath
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

MAX_HOPS = 8  # symlinks followed (inside the root) before a chain counts as a loop

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
# O_NONBLOCK: opening a FIFO planted in the corpus must not hang the build (it is refused by fstat)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class Refused(OSError):
    """A corpus file that is not read: a link out of its folder, a loop, a linked folder, not a file.

    The message says why, never what the file contains.
    """


def _parts(rel: str) -> list[str]:
    parts = [p for p in rel.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise Refused(errno.EACCES, "the path climbs out of its folder ('..')")
    return parts


@contextmanager
def _dir_fd(root: Path) -> Iterator[int]:
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        yield fd
    finally:
        os.close(fd)


def _is_link(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _open_in(root_fd: int, parts: list[str], hops: int) -> int:
    """Open root/parts without letting the kernel follow any link; our own resolution stays in root."""
    fds: list[int] = []
    try:
        cur = root_fd
        for i, name in enumerate(parts[:-1]):
            try:
                cur = os.open(name, _DIR_FLAGS, dir_fd=cur)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_link(name, cur):
                    raise Refused(errno.ELOOP, f"'{'/'.join(parts[:i + 1])}' is a symlinked folder; the "
                                  "corpus is read without following folder links") from None
                raise
            fds.append(cur)
        name = parts[-1]
        try:
            return os.open(name, _FILE_FLAGS, dir_fd=cur)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.EMLINK) or not _is_link(name, cur):
                raise
            target = os.readlink(name, dir_fd=cur)
        if hops <= 0:
            raise Refused(errno.ELOOP, "symlink chain is too long or loops")
        if os.path.isabs(target):
            raise Refused(errno.EACCES, "symlink points to an absolute path, outside its folder")
        joined = posixpath.normpath(posixpath.join(*parts[:-1], target) if len(parts) > 1 else target)
        if joined == ".." or joined.startswith("../") or joined in ("", "."):
            raise Refused(errno.EACCES, "symlink points outside its folder")
        return _open_in(root_fd, _parts(joined), hops - 1)
    finally:
        for fd in fds:
            os.close(fd)


def open_fd(root: Path, rel: str) -> int:
    """A read-only descriptor of the regular file root/rel, opened safely (see the module docstring).

    Raises Refused for links that leave root, loops, linked folders and non-regular files; other
    OSErrors (missing file, permissions) pass through. The caller closes the descriptor.
    """
    parts = _parts(rel)
    if not parts:
        raise Refused(errno.EISDIR, "not a regular file")
    with _dir_fd(root) as root_fd:
        try:
            fd = _open_in(root_fd, parts, MAX_HOPS)
        except OSError as exc:
            if isinstance(exc, Refused):
                raise
            if exc.errno == errno.ELOOP:
                raise Refused(errno.ELOOP, "symlink loops") from None
            raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise Refused(errno.EINVAL, "not a regular file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextmanager
def open_file(root: Path, rel: str):
    """`open_fd` as a binary file object (a context manager)."""
    fh = os.fdopen(open_fd(root, rel), "rb")
    try:
        yield fh
    finally:
        fh.close()


def read_bytes(root: Path, rel: str, limit: int) -> tuple[bytes, int]:
    """At most `limit` bytes of root/rel and the file's size (from the opened file)."""
    with open_file(root, rel) as fh:
        size = os.fstat(fh.fileno()).st_size
        return fh.read(limit), size


def copy_file(src_root: Path, rel: str, dest: Path, *, limit: int | None = None) -> None:
    """Copy root/rel to dest from the safely opened descriptor (never re-opened by path).

    With `limit`, a file that has more bytes than that (it grew since it was listed) is refused
    (EFBIG) after at most `limit` + 1 bytes were read; the caller removes the partial copy.
    """
    with open_file(src_root, rel) as src, open(dest, "wb") as out:
        if limit is None:
            shutil.copyfileobj(src, out, 1024 * 1024)
            return
        left = limit + 1
        while left > 0:
            chunk = src.read(min(left, 1024 * 1024))
            if not chunk:
                return
            out.write(chunk)
            left -= len(chunk)
        raise OSError(errno.EFBIG, f"the file is larger than {limit} bytes")


def kind_problem(path: Path, *, hard_links: bool = False) -> str | None:
    """Why the entry at `path` is not published as a corpus file, or None for a plain regular file.

    Looked at with `lstat` (a symlink is judged by the callers that resolve links, so it passes here):
    a FIFO, socket or device is never opened (opening a FIFO would block the build); a file with more
    than one hard link may be a second name of a file outside the project, so it is refused unless
    `hard_links` allows it. A name that is not UTF-8 (git stores any bytes) is refused too.
    """
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8"
    try:
        st = os.lstat(path)
    except OSError as exc:
        return f"it could not be examined ({exc.strerror or type(exc).__name__})"
    mode = st.st_mode
    if stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
        return None
    if not stat.S_ISREG(mode):
        what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        return f"it is {what}, not a regular file; it is never opened"
    if st.st_nlink > 1 and not hard_links:
        return (f"it has {st.st_nlink} hard links, so it may be another name of a file outside the corpus; "
                "set `allow_hard_links: true` for the corpus plugin to publish hard-linked files")
    return None


def split(path: Path, rel: str) -> tuple[Path, str]:
    """(root, path under root) of a file shown as `rel` = '<top folder>/<path under it>'.

    `path` is root joined with rel's path under the top folder, so root is `path` minus that many
    components; used where a reader gets a path and its display name rather than a root.
    """
    parts = rel.split("/")
    if len(parts) < 2:
        return path.parent, path.name
    inner = parts[1:]
    return path.parents[len(inner) - 1], "/".join(inner)


def unsafe_docs_files(docs_dir: Path, project: Path, *, allow: tuple[Path, ...] = ()) -> list[tuple[str, str]]:
    """Symlinks in the docs folder that MkDocs would follow out of it: (path relative to docs_dir, reason).

    A link is safe when its full target is inside docs_dir (or one of `allow`) and inside the project;
    anything else — a link to /etc/os-release, to the project's .env, a broken link, a loop — is listed.
    A linked folder that leaves is listed as 'folder/' (MkDocs would publish everything under it).
    Names only are inspected: no target is ever read.
    """
    out: list[tuple[str, str]] = []
    if not docs_dir.is_dir():
        return out
    real_docs = Path(os.path.realpath(docs_dir))
    real_project = Path(os.path.realpath(project))
    bounds = [real_docs, *(Path(os.path.realpath(a)) for a in allow)]
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        dirnames.sort()
        for name in [*sorted(filenames), *dirnames]:
            p = Path(dirpath) / name
            if not p.is_symlink():
                continue
            rel = p.relative_to(docs_dir).as_posix()
            try:
                target = Path(os.path.realpath(p, strict=True))
            except (OSError, RuntimeError):
                out.append((rel, "symlink is broken or loops"))
                continue
            inside = any(target == b or b in target.parents for b in bounds) and \
                (target == real_project or real_project in target.parents)
            if target.is_dir():
                if not inside:
                    out.append((rel + "/", "symlinked folder points outside the docs folder"))
            elif not inside:
                out.append((rel, "symlink points outside the docs folder"))
    return sorted(out)


__all__ = ["Refused", "kind_problem", "open_fd", "open_file", "read_bytes", "copy_file", "split", "unsafe_docs_files",
           "MAX_HOPS"]
