"""A story's hand edits: pinned, removed and retyped entries, applied to a :class:`Story`.

Edits are a plain mapping keyed by :func:`entry_key` (the entry's date)::

    {"2024-03-04": {"pin": StoryEntry | True, "remove": True,
                    "headline": "…", "summary": ("…", "…")}}

``"pin"`` holds the entry as it was when pinned (in the app), so it stays when
a smaller number of key dates no longer selects it; a project file keeps a pin
as ``True`` (``pipeline.project``), which only marks the entry pinned when the
story picks its date again.  The app's Story view (``ui/story.py``) and the
``story`` command (``pipeline/story_cli.py``) both apply edits with
:func:`apply_story_edits`, so the command writes the story the app shows.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .story_model import Story, StoryEntry

__all__ = ["entry_key", "originals", "apply_story_edits"]


def entry_key(entry: StoryEntry) -> str:
    """The key of an entry's edits: its date (unique within a story)."""
    return entry.date.isoformat()


def apply_story_edits(story: Story, edits: Mapping[str, Mapping] | None) -> Story:
    """The story as the reader left it: pinned entries kept (from their
    snapshot when the story no longer selects them), removed ones left out,
    retyped headlines and summaries applied with ``dataclasses.replace``.
    Entries stay sorted by date."""
    edits = edits or {}
    entries = originals(story, edits)
    out = []
    for key, entry in entries.items():
        ed = edits.get(key) or {}
        if ed.get("remove"):
            continue
        changes: dict = {}
        if isinstance(ed.get("headline"), str) and ed["headline"].strip():
            changes["headline"] = " ".join(ed["headline"].split())
        if ed.get("summary") is not None:
            summary = tuple(s for s in (" ".join(str(x).split()) for x in ed["summary"]) if s)
            changes["summary"] = summary
            changes["summary_events"] = entry.summary_events[:len(summary)]
            changes["summary_spans"] = entry.summary_spans[:len(summary)]
        out.append(dataclasses.replace(entry, **changes) if changes else entry)
    out.sort(key=lambda e: (e.date, e.grain))
    return dataclasses.replace(story, entries=tuple(out))


def originals(story: Story, edits: Mapping[str, Mapping] | None) -> dict[str, StoryEntry]:
    """Each entry as the pipeline made it (before edits), pinned snapshots
    included, by key: what pinning, removing and retyping act on."""
    out = {entry_key(e): e for e in story.entries}
    for key, ed in (edits or {}).items():
        if isinstance(ed.get("pin"), StoryEntry):
            out.setdefault(key, ed["pin"])
    return out
