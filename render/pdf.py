"""PDF through WeasyPrint, kept inside the template folder and bounded.

- Resources (images, stylesheets, fonts) come only from the template folder and the package's own
  templates folder, as regular files of at most MAX_RESOURCE_BYTES, or from `data:` URLs written in the
  letter itself. Any other URL (a `file:` outside those folders, `http:`, `https:`, `ftp:`, a device, a
  FIFO) stops the letter with a ResourceRefused naming it: a template cannot attach or embed a local file,
  or reach the network (`FolderFetcher`).
- The document's elements are nested at most MAX_NESTING deep (`check_nesting`).
- A letter from a user's templates, or a built-in letter longer than LONG_HTML (notes of tens of thousands
  of words), is laid out in a child process (`python -m backtofront.render.pdf`) with at most
  MEMORY_LIMIT_BYTES of memory and TIME_LIMIT_S seconds (`write_pdf`); each breach is an InputError (exit
  code 2) in one line.
"""

from __future__ import annotations

import mimetypes
import os
import signal
import stat
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from backtofront.classifier.errors import InputError

MAX_RESOURCE_BYTES = 10_000_000    # an image or a font of a letterhead is some hundreds of kilobytes
MAX_NESTING = 100                  # elements inside elements; the built-in letter needs about ten
TIME_LIMIT_S = 60.0                # a letter takes a few seconds to lay out
MEMORY_LIMIT_BYTES = 2 << 30       # the child's address space; a letter needs some hundreds of megabytes
# characters of HTML beyond which the built-in letter is laid out in the bounded child as well: a letter is
# some 20-40 thousand (about a second in this process); notes of tens of thousands of words take minutes
LONG_HTML = 150_000
# the child's exit code for a limit or a refused resource, its line on stderr
LIMIT_EXIT = 2


class ResourceRefused(BaseException):
    """A template asked for a resource it may not have (outside its folder, too large, not a file).
    A BaseException, so that WeasyPrint, which logs and skips a resource that fails with an Exception,
    stops instead."""


def allowed_folders(template_dir: str | Path | None) -> list[str]:
    """The folders resources may come from: the template folder (if any) and the package's templates."""
    from importlib import resources

    folders = [os.path.realpath(template_dir)] if template_dir else []
    return folders + [os.path.realpath(str(resources.files("backtofront") / "templates"))]


def _shown_url(url: str) -> str:
    return repr(url if len(url) <= 80 else url[:80] + "…")


def read_resource(url: str, folders: list[str]) -> tuple[bytes, str]:
    """The bytes and media type of `url` when it is a `file:` URL of a regular file inside one of
    `folders` (symbolic links resolved first) of at most MAX_RESOURCE_BYTES; ResourceRefused otherwise."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"the template asks for {_shown_url(url)}; a letter uses only files in the "
                              "template folder (no network, no other folders)")
    path = os.path.realpath(urllib.request.url2pathname(parts.path))
    if not any(path == f or path.startswith(f + os.sep) for f in folders):
        raise ResourceRefused(f"the template asks for {_shown_url(url)}, outside the template folder; "
                              "a letter uses only files in the template folder")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ResourceRefused(f"the template asks for {_shown_url(url)}, which cannot be read "
                              f"({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise ResourceRefused(f"the template asks for {_shown_url(url)}, which is not a regular file")
        data = fh.read(MAX_RESOURCE_BYTES + 1)
    if len(data) > MAX_RESOURCE_BYTES:
        raise ResourceRefused(f"the template asks for {_shown_url(url)}, larger than {MAX_RESOURCE_BYTES:,} "
                              "bytes; a letterhead's images and fonts are far smaller")
    return data, mimetypes.guess_type(path)[0] or "application/octet-stream"


def fetcher(template_dir: str | Path | None):
    """WeasyPrint's url_fetcher for a letter: `data:` URLs as WeasyPrint reads them, files through
    `read_resource`, everything else refused (ResourceRefused)."""
    import weasyprint.urls as urls

    folders = allowed_folders(template_dir)
    base: Any = getattr(urls, "URLFetcher", None)  # a class, by WeasyPrint's version: typed Any
    if base is None:  # WeasyPrint before the URLFetcher class: a function returning a dict
        def fetch(url: str, *args, **kwargs):
            if url.lower().startswith("data:"):
                return urls.default_url_fetcher(url)
            data, mime = read_resource(url, folders)
            return {"string": data, "mime_type": mime, "redirected_url": url}
        return fetch

    class FolderFetcher(base):
        def fetch(self, url, headers=None):
            if url.lower().startswith("data:"):
                return super().fetch(url, headers)
            data, mime = read_resource(url, folders)
            return urls.URLFetcherResponse(url, data, {"Content-Type": mime})

    return FolderFetcher()


def check_nesting(root) -> None:
    """ResourceRefused when the element tree under `root` is more than MAX_NESTING levels deep
    (iterative: any depth is safe to measure)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_NESTING:
            raise ResourceRefused(f"the letter nests elements more than {MAX_NESTING} levels deep; "
                                  "a letter needs some ten")
        stack.extend((child, depth + 1) for child in element)


def pdf_bytes(html: str, template_dir: str | Path | None, variant: str | None = None) -> bytes:
    """The PDF of `html` in this process (`variant`: WeasyPrint's pdf_variant, e.g. "pdf/ua-1"), with
    resources limited by `fetcher` and nesting by `check_nesting` (ResourceRefused for either)."""
    from weasyprint import HTML

    base_url = (Path(os.path.realpath(template_dir)).as_uri() + "/") if template_dir else None
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher(template_dir))
    check_nesting(document.etree_element)
    return document.write_pdf(pdf_variant=variant) if variant else document.write_pdf()


def _limit_self(memory: int, seconds: float) -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def write_pdf(html: str, template_dir: str | Path | None, variant: str | None = None) -> bytes:
    """The PDF of `html` laid out in a child process bounded in memory (MEMORY_LIMIT_BYTES) and time
    (TIME_LIMIT_S): a letter from a user's templates (`template_dir`), or (None) the built-in letter when it
    is too long to lay out here in good time (LONG_HTML: notes of tens of thousands of words). InputError
    (exit code 2) in one line, for a refused resource, too deep a nesting, or a breach of either bound,
    naming the template folder, or for the built-in letter saying what to shorten."""
    source = str(Path(template_dir) / "letter.html.j2") if template_dir else None
    fix = ("simplify the template" if template_dir else
           "shorten the profile's notes and evidence, or write the letter as Word (-f docx)")
    too_slow = f"laying out the PDF took more than {TIME_LIMIT_S:g} seconds; {fix}"
    command = [sys.executable, "-m", "backtofront.render.pdf", str(template_dir or ""),
               str(MEMORY_LIMIT_BYTES), str(TIME_LIMIT_S), variant or ""]
    try:
        done = subprocess.run(command, input=html.encode("utf-8"), capture_output=True, timeout=TIME_LIMIT_S)
    except subprocess.TimeoutExpired:
        raise InputError(too_slow, source=source) from None
    if done.returncode == 0:
        return done.stdout
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    last = lines[-1] if lines else ""
    if done.returncode == LIMIT_EXIT and last:
        raise InputError(last, source=source)
    text = " ".join(lines[-5:])
    if any(w in text for w in ("MemoryError", "memory", "Resource temporarily unavailable",
                               "creating thread")) \
            or done.returncode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGTRAP, -signal.SIGBUS):
        raise InputError(f"laying out the PDF needs more than {MEMORY_LIMIT_BYTES >> 20:,} MB of memory; "
                         f"{fix}", source=source)
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise InputError(too_slow, source=source)
    raise InputError(f"the PDF could not be laid out ({last[-200:] or f'exit code {done.returncode}'})",
                     source=source)


def main() -> int:  # pragma: no cover - run as a child process by write_pdf
    """The child (arguments: the template folder, the memory limit in bytes, the time limit in seconds,
    the PDF variant or ""):
    HTML on standard input, the PDF on standard output; a limit as one line on standard error with exit
    code LIMIT_EXIT."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent answers Ctrl-C and ends this process
    import logging

    logging.disable(logging.CRITICAL)
    global MEMORY_LIMIT_BYTES
    template_dir = sys.argv[1] or None
    MEMORY_LIMIT_BYTES = int(sys.argv[2])
    if os.name == "posix":
        _limit_self(MEMORY_LIMIT_BYTES, float(sys.argv[3]))
    html = sys.stdin.buffer.read().decode("utf-8")
    try:
        pdf = pdf_bytes(html, template_dir, sys.argv[4] or None)
    except ResourceRefused as exc:
        print(exc, file=sys.stderr)
        return LIMIT_EXIT
    except MemoryError:
        print(f"laying out the PDF needs more than {MEMORY_LIMIT_BYTES >> 20:,} MB of memory; simplify the "
              "template", file=sys.stderr)
        return LIMIT_EXIT
    except RecursionError:
        print(f"the letter nests elements too deeply to lay out; keep to {MAX_NESTING} levels",
              file=sys.stderr)
        return LIMIT_EXIT
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
