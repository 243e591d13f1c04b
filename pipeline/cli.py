"""Command line: ``python -m pipeline tag ...``.

    python -m pipeline tag --published 2021-09-30 article.txt
    python -m pipeline tag --jsonl articles.jsonl      (- reads standard input)

Output is JSON Lines on standard output, one object per expression.  A bad
record gets a one-line message on stderr naming it, the other records are
still processed, and the exit status is 1.  A bad command line exits 2, and
so does an input with nothing to tag (see TAG_EPILOG).
"""
from __future__ import annotations

import argparse
import errno
import json
import os
import re
import stat
import sys
from pathlib import Path

from .model import GENRE_HELP, GENRES, LANG_HELP, LANGUAGES
from .articles import MAX_BATCH_BYTES, MAX_BYTES, decode_bytes, display_name, size_limit
from .published import parse_published
from .tagger import tag

TAG_EPILOG = f"""\
Exit status: 0 when every file or record was tagged; 1 when one was skipped
(unreadable, over the loader's size limit of {MAX_BYTES // 2**20} MB for a text file
or {MAX_BATCH_BYTES // 2**20} MB for JSON Lines, binary, empty, malformed, no text or an
unreadable date: each is named on standard error, one line each; the rest are
tagged) or standard output could not be written; 2 for a bad command line (an
unreadable --published, --jsonl with plain files as well), or when no file or
record could be read at all."""


def _say(line: str) -> None:
    """One line on standard error.  File names (and the record ids and error texts that
    come with them) go through display_name: a newline in a name cannot split the line,
    nor an escape sequence reach the terminal."""
    print(display_name(line), file=sys.stderr)


class _OutputError(Exception):
    """Standard output could not be written (a full disk, say): the batch stops."""


def _emit(out, doc: str, text: str, published, name: str, genre=None, lang=None) -> bool:
    """Write the record's expressions; False (and a one-line message) if tagging it failed,
    or if it is surely in a language the tagger does not read (never another language's rules on it)."""
    from .language import UnsupportedLanguage, language_of
    try:
        lang = language_of(text, lang)
    except UnsupportedLanguage as exc:
        _say(f"skipped {name}: {str(exc).removesuffix('; left out')}")
        return False
    try:
        found = tag(text, published, genre=genre, lang=lang)
    except Exception as exc:  # one bad record must not end the batch
        _say(f"skipped {name}: tagging failed ({type(exc).__name__}: {exc})")
        return False
    try:
        for t in found:
            out.write(json.dumps(t.to_json(doc), ensure_ascii=False) + "\n")
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _OutputError(exc.strerror or str(exc)) from None
    return True


# A JSON escape may give a lone surrogate ("\ud800"), which no UTF-8 writer can
# encode: it becomes U+FFFD, as in the loader.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def _read_bytes(path: str, kind: str) -> bytes:
    """A file's bytes ("-": standard input), at most the loader's size limit for ``kind``
    (``articles.size_limit`` of a name ending in ``kind``: ".jsonl" or ".txt"), so an
    endless device or pipe is not read until memory runs out.  ValueError past it."""
    limit = size_limit("input" + kind)
    what = "JSON Lines" if kind == ".jsonl" else "a text file"
    if path == "-":
        if sys.stdin is None:  # started with standard input closed
            raise OSError(errno.EBADF, "no standard input")
        data = sys.stdin.buffer.read(limit + 1)
    else:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno())
            if stat.S_ISREG(size.st_mode) and size.st_size > limit:
                raise ValueError(f"file too large ({size.st_size / 2**20:.1f} MB; the limit for {what} "
                                 f"is {limit / 2**20:.0f} MB)")
            data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"file too large (more than {limit / 2**20:.0f} MB, the limit for {what})")
    return data


def _read_jsonl(path: str) -> list[str]:
    """The lines of a JSON Lines file, decoded as the loader decodes (BOMs, UTF-16, legacy
    encodings; binary refused).  A record ends at "\n" only, as in the loader: U+2028 and
    U+0085 may sit inside a JSON string."""
    text = decode_bytes(_read_bytes(path, ".jsonl"))[0].lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _read_text(path: str) -> str:
    """A plain-text article; the loader's decoding (BOMs, legacy encodings, binary refused).
    ValueError for an empty path ("" is not the current folder) or an empty file."""
    if path == "":
        raise ValueError("empty path (no file named)")
    text = decode_bytes(_read_bytes(path, ".txt"))[0]
    if not text.strip():
        raise ValueError("empty file: no text")
    return text


def _tag_jsonl(path: str, published, genre=None, lang=None) -> int:
    """``tag --jsonl``: each record's expressions; ``published`` (parsed, or None) overrides
    the records' dates."""
    out = sys.stdout
    if path == "":
        _say("error: --jsonl: empty path (no file named)")
        return 2
    try:
        lines = _read_jsonl(path)
    except (OSError, ValueError) as exc:
        _say(f"error: cannot read {path}: {getattr(exc, 'strerror', None) or exc}")
        return 2
    if not any(line.strip() for line in lines):
        _say(f"error: {path}: empty file: no records")
        return 2
    status, read = 0, 0
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        name = f"{path}:{lineno}"
        try:
            try:
                rec = json.loads(line)
            except RecursionError:
                raise ValueError("not valid JSON (nested too deeply)") from None
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            name = f"{name} (id {rec.get('id')!r})" if rec.get("id") is not None else name
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ValueError("no text")
            read += 1
            when = parse_published(rec.get("published") if published is None else published)
            doc = _no_surrogates(str(rec.get("id", lineno)))
        except (ValueError, RecursionError) as exc:
            _say(f"skipped record {name}: {exc}")
            status = 1
            continue
        if not _emit(out, doc, _no_surrogates(text), when, f"record {name}", genre, lang):
            status = 1
    if not read:
        _say(f"error: no record could be read from {path}")
        return 2
    return status


def cmd_tag(args: argparse.Namespace) -> int:
    if args.jsonl is not None and args.files:
        args.parser.error(f"give --jsonl FILE or plain-text files, not both "
                          f"({display_name(args.files[0])} would be ignored)")
    published = None
    if args.published is not None:
        try:
            published = parse_published(args.published)
        except ValueError as exc:
            args.parser.error(f"--published: {exc}")
    if args.jsonl is not None:
        return _tag_jsonl(args.jsonl, published, args.genre, args.lang)
    if not args.files:
        args.parser.error("give a file (or -) with --published, or --jsonl FILE")
    if published is None:
        args.parser.error("--published DATE is required for plain text files")
    status, read = 0, 0
    for path in args.files:
        try:
            text = _read_text(path)
        except (OSError, ValueError) as exc:
            _say(f"skipped {path or repr(path)}: {getattr(exc, 'strerror', None) or exc}")
            status = 1
            continue
        read += 1
        doc = "stdin" if path == "-" else _no_surrogates(Path(path).stem)
        if not _emit(sys.stdout, doc, text, published, path, args.genre, args.lang):
            status = 1
    if not read:
        _say("error: no file could be read")
        return 2
    return status


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline",
                                description="Chronicle: temporal expressions and dated events from news.")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tag", help="find and resolve temporal expressions (JSON Lines out)",
                       description="Find temporal expressions and resolve them against the publication date. "
                                   "Prints one JSON object per expression: doc, start, end, text, type, value, "
                                   "mod, grain, from, to (ISO 8601, 'to' exclusive).",
                       epilog=TAG_EPILOG)
    t.add_argument("files", nargs="*", help="plain-text articles (- for standard input)")
    t.add_argument("--published", help="publication date (ISO 8601); required for plain files, "
                                       "overrides the records' dates with --jsonl")
    t.add_argument("--jsonl", metavar="FILE", help='JSON Lines of {"id", "text", "published"} (- for stdin)')
    t.add_argument("--genre", choices=GENRES, default=None, help=GENRE_HELP)
    t.add_argument("--lang", choices=LANGUAGES, default=None, help=LANG_HELP)
    t.set_defaults(func=cmd_tag, parser=t)
    from .events_cli import add_events_parser, add_query_parser  # the events commands live with the events code
    add_events_parser(sub)
    add_query_parser(sub)
    from .story_cli import add_story_parser  # the story command lives with the story code
    add_story_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status = args.func(args)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or str(exc)) from None
        return status
    except BrokenPipeError:  # "python -m pipeline tag ... | head": the reader left
        sys.stderr.close()
        return 0
    except _OutputError as exc:  # "... > /dev/full"
        _say(f"error: cannot write standard output: {exc}")
        if sys.stdout is sys.__stdout__:  # a real process: its exit would flush the rest again, and fail
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):
                pass
        return 1
