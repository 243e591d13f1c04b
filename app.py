"""Chronicle: news articles in, an interactive timeline out.

    streamlit run app.py

Layout and wiring only: the logic lives in ``ui/`` (pure functions) and
``pipeline/``.  Pipeline calls are cached here, at the app's edge.
"""
from __future__ import annotations

import dataclasses
import json
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Chronicle — news timelines", page_icon="🗓️", layout="wide")

from pipeline import export  # noqa: E402
from pipeline.articles import load_articles, load_bytes  # noqa: E402
from pipeline.events import build_events  # noqa: E402
from pipeline.model import LANGUAGES  # noqa: E402
from pipeline.fetch import MAX_URL_CHARS, load_url  # noqa: E402
from pipeline.imported import ImportProblem, hand_event, split_corrections  # noqa: E402
from pipeline.isolated import build_events_isolated  # noqa: E402
from pipeline.storyline import preload as preload_story  # noqa: E402
from pipeline.storyline import story as build_story  # noqa: E402
from pipeline.wording import date_words  # noqa: E402
from ui import publish as P  # noqa: E402
from ui import state as S  # noqa: E402
from ui import story as SX  # noqa: E402
from ui import archive as A  # noqa: E402
from ui import views as V  # noqa: E402
from ui.chart import timeline_figure  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "data" / "nk-hotlines.json"
#: The chart as a page to publish: plotly.js from its CDN (small), or carried (offline).
PAGES = (("cdn", "Web page (HTML)", "chronicle-{}.html",
          "A page with a title, the interactive chart and its sources; plotly.js loads from its CDN "
          "(a small file, for a website)"),
         ("inline", "Offline page (HTML)", "chronicle-{}-offline.html",
          "The same page carrying plotly.js (about 5 MB): opens without a network"))
ss = st.session_state
#: An event store given at start (``streamlit run app.py -- --store archive/``), and whether a
#: reader may open one by its path: only on this machine, never on a hosted app (ui.archive).
STORE = A.store_from_argv(sys.argv[1:])
STORE_FIELD = A.store_field_allowed(st.context.headers, st.context.ip_address)
ARCHIVE = "archive"


# ------------------------------------------------------------ cached pipeline

@st.cache_data(show_spinner=False, max_entries=4)
def load_sample(path: str, mtime: float):
    return load_articles(path)


# Bounded caches that forget after an hour: the hosted app's memory does not grow
# with every visitor's uploads.
@st.cache_data(show_spinner=False, max_entries=32, ttl=3600)
def load_file(name: str, data: bytes, published: date | None = None):
    return load_bytes(name, data, published=published)


# A link's file, read again at most every 5 minutes; keyed by the link alone (no visitor's state).
@st.cache_data(show_spinner="Reading the link…", max_entries=32, ttl=300)
def load_link(url: str):
    return load_url(url)


#: Seconds a visitor's articles may take to be read; what is unfinished then is named.
BUDGET_S = 60.0


@st.cache_data(show_spinner="Finding the dates…", max_entries=32, ttl=3600)
def events_of(key: str, _articles: tuple, isolated: bool = True, lang: str | None = None):
    """The events of the articles, cached by ``key`` (``S.content_key`` of the articles:
    Streamlit would otherwise hash the articles' objects on every run).  A visitor's articles are read in worker processes
    within BUDGET_S seconds (pipeline.isolated), so no text can stall other visitors;
    the built-in sample is read here (it is ours, and the first paint stays quick)."""
    problems: list = []
    if isolated:
        # the story comes next: load scikit-learn while the worker processes tag
        threading.Thread(target=preload_story, daemon=True).start()
        events = build_events_isolated(list(_articles), budget=BUDGET_S, problems=problems, lang=lang)
    else:
        events = build_events(list(_articles), problems=problems, lang=lang)
    return tuple(events), tuple(S.problem_pairs(problems))


@st.cache_data(show_spinner="Choosing the key dates…", max_entries=32, ttl=3600)
def story_of(key: str, _articles: tuple, dates: int | None, isolated: bool = True, extra: tuple = (),
             corrections: tuple = (), lang: str | None = None):
    """The story of the articles, from the events already found (no re-tagging), and of
    the ``extra`` events (read back from an export, added by hand), with the
    ``corrections`` (``(event id, correction)`` pairs) applied; the articles give the
    opening sentences that summaries may use."""
    events, _ = events_of(key, _articles, isolated, lang) if _articles else ((), ())
    events = S.apply_edits(list(events) + list(extra), {k: dict(v) for k, v in corrections})
    return build_story(events, dates=dates, articles=_articles)


def _store_uploads() -> None:
    # Sizes and counts are checked before any bytes are kept (ui.state.keep_uploads).
    ss["uploads"], ss["upload_skipped"] = S.keep_uploads(ss.get("uploader") or [])


# --------------------------------------------------------- state from the URL

if "view_ready" not in ss:
    v0 = S.view_from_params(st.query_params.to_dict())
    ss.update({"input": v0.input, "lanes": v0.lanes, "color": v0.color,
               "f_prec": list(v0.precisions), "f_art": list(v0.articles), "f_src": list(v0.sources),
               "f_lang": list(v0.languages), "q": v0.query, "selected": v0.event, "url_range": (v0.date_from, v0.date_to),
               "mode": v0.mode or None, "mode_auto": not v0.mode, "story_dates": v0.dates,
               "link": v0.source, "view_ready": True})
    if v0.input not in ("sample", S.LINK):
        ss["url_note"] = True  # uploaded/pasted articles cannot travel in a link
    if STORE and v0.input == "sample" and not v0.source:
        ss["input"] = ARCHIVE  # started on a store: the store first

# Widgets drawn in one view only (Story or All events) keep their values while
# the other view shows: Streamlit forgets the state of a widget not drawn in a run.
for _key in ("lanes", "color", "story_dates", "story_title", "link", "range", "f_prec", "f_art", "f_src"):
    if _key in ss:
        ss[_key] = ss[_key]

# The main area's head first: a pasted article is written there, under it.
#: The width the charts' labels are fitted for: a phone's, or a wide screen's (ui.state.chart_width);
#: on a phone the page is compact, so that the chart is on the first screen.
CHART_PX = S.chart_width(st.context.headers.get("User-Agent"))
PHONE = CHART_PX == S.PHONE_PX
st.title("Chronicle")
if PHONE:
    st.caption("Every date the articles mention, read against their publication day. Tap an event "
               "for its sentence.")
else:
    st.markdown("News articles in, a timeline out: every date an article mentions — *last Thursday*, "
                "*this month*, *for more than a year* — is read against the article's publication day "
                "and placed on the timeline. Click a point or a bar to see the sentence it comes from.")

# ------------------------------------------------------------------ sidebar

sb = st.sidebar
sb.header("Articles")
sb.radio("Read", S.INPUTS + (S.LINK,) + ((ARCHIVE,) if STORE or STORE_FIELD else ()), key="input",
         horizontal=False,
         on_change=lambda: (ss.pop("uploads", None), ss.pop("upload_skipped", None)),  # the uploader forgets too
         format_func={"sample": "Sample", "paste": "Paste", "upload": "Upload", S.LINK: "Link",
                      ARCHIVE: "Event store"}.get)
if ss.input == ARCHIVE:  # a store of many articles: its own page (archive_page.py)
    import archive_page
    store_path = STORE or ""
    if STORE_FIELD:
        store_path = sb.text_input("Store folder", key="store_path", value=STORE or "", max_chars=1000,
                                   placeholder="archive/",
                                   help="The folder of an event store on this computer, written by "
                                        "`python -m pipeline events ARTICLES --out archive/`").strip()
    else:
        sb.caption("The event store this app was started with.")
    if store_path:
        archive_page.show(store_path, chart_px=CHART_PX, phone=PHONE)
    else:
        st.info("Give the folder of an event store in the sidebar.")
    st.stop()
unsaved_slot = sb.empty()  # filled once the work on screen is known (ui.state.unsaved_warning)
problems: list[tuple[str, str]] = []
if ss.input == "sample":
    loaded = load_sample(str(SAMPLE), SAMPLE.stat().st_mtime)
    result = S.InputResult(list(loaded.articles), S.problem_pairs(loaded.problems, notes=False),
                           S.problem_pairs(loaded.problems, notes=True))
    sb.caption("An AP story (30 Sep 2021) on North Korea's hotlines with Seoul, "
               "website boilerplate included.")
elif ss.input == "paste":
    if ss.pop("url_note", False):
        sb.info("The shared link pointed at pasted articles, which links cannot carry: paste them again.")
    with st.container(border=True):
        text = st.text_area("Article text", key="paste_text", height=260,
                            placeholder="Paste the article here…", max_chars=S.MAX_PASTE_CHARS)
        p1, p2 = st.columns(2)
        p1.date_input("Publication date", value=None, key="paste_date",
                      min_value=date(1, 1, 1), max_value=date(9999, 12, 31),
                      help="Every relative date (“last Tuesday”) is read from this day. Left empty, "
                           "a dateline in the text (“Published: 30 Sept 2021”) gives it, as for an upload.")
        p2.text_input("Title (optional)", key="paste_title", max_chars=300)
    sb.caption("Paste the article in the main area.")
    result = S.read_paste(text, ss.get("paste_date"), load_file, title=ss.get("paste_title") or "")
elif ss.input == S.LINK:  # ?source=<link>: the link in the address bar reopens the same timeline
    link = sb.text_input("Link", key="link", max_chars=2 * MAX_URL_CHARS, placeholder="https://…",
                         help="A CSV, JSON or JSON Lines file of articles, or a .chronicle.json project, "
                              "at a public https address: a raw file in a public repository, or a Google "
                              "Sheet published as CSV (File → Share → Publish to web).").strip()
    loaded = load_link(link) if link else None
    result = S.InputResult(list(loaded.articles), S.problem_pairs(loaded.problems, notes=False),
                           S.problem_pairs(loaded.problems, notes=True),
                           projects=list(loaded.projects), events=list(loaded.events)) \
        if loaded is not None else S.InputResult()
    sb.caption("Read again at most every 5 minutes. Anyone opening this page's address sees the "
               "same timeline." if link else "Give the link of a file of articles.")
else:
    if ss.pop("url_note", False):
        sb.info("The shared link pointed at uploaded files, which links cannot carry: upload them again.")
    sb.file_uploader("Files", accept_multiple_files=True, key="uploader", on_change=_store_uploads,
                     type=[e.lstrip(".") for e in S.EXTENSIONS],
                     help=f"{', '.join(S.EXTENSIONS)}; at most {S.MAX_FILES} files, "
                          f"{S.MAX_FILE_MB} MB each. JSON/JSONL/CSV records: id, title, published, "
                          f"source, url, text.")
    dates = {k: ss[k] for k in list(ss.keys()) if isinstance(k, str) and k.startswith("date-")
             and isinstance(ss[k], date)}
    result = S.read_uploads(ss.get("uploads") or [], load_file, dates=dates)
    result.problems[:0] = ss.get("upload_skipped") or []
    if result.asked:
        sb.subheader("Publication dates")
        sb.caption("These articles carry no date. Give one for each: relative dates are read from it.")
        for a in result.asked:
            sb.date_input(S.label_text(a.title or a.id), value=None, key=S.undated_key(a),
                          min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
    if not ss.get("uploads"):
        sb.info("Upload articles to build their timeline.")
problems += result.problems
read_lang = None
if ss.input != "sample":  # (the sample is English; its first paint mounts no more widgets)
    read_lang = sb.selectbox("Language", ("",) + LANGUAGES, key="read_lang",
                             format_func=lambda c: S.language_name(c) if c else "Detected per article",
                             help="The language the articles are read in. Detected per article by default; "
                                  "a text of fewer than 60 letters is read as English unless chosen here.") or None

articles = tuple(result.articles)
articles_key = S.content_key(articles)
built, event_problems = (events_of(articles_key, articles, ss.input != "sample", read_lang) if articles
                         else ((), ()))
problems += list(event_problems)
sig = S.input_signature(articles, result.events)
by_article = {a.id: a for a in articles}
# Events read back from an export: those of the articles in hand with another title or
# interval are corrections (fixed in a spreadsheet, brought back); the others are events
# of their own, as are those added by hand (Corrections tab).
imported_fixes, carried = split_corrections(result.events, built)
added = tuple(ss.setdefault("added", {}).get(sig, ()))
extra = tuple(carried) + added
raw_events = tuple(built) + extra

# Corrections imported from an export, and a project opened (uploaded): its corrections,
# story edits and view, once per input, before the widgets they set are drawn; what the
# reader changes afterwards stays.
if imported_fixes and ss.get("fixes_imported") != sig:
    _mine = ss.setdefault("edits", {}).get(sig, {})
    ss["edits"][sig] = {**imported_fixes, **_mine}  # what the reader did here wins
    ss["fixes_imported"] = sig
if imported_fixes:
    result.notes.append(("", f"{len(imported_fixes)} correction(s) imported from the events export "
                             "(titles or intervals that differ from the articles' reading): see the "
                             "Corrections tab."))
if result.projects and ss.get("project_opened") != sig:
    corr, sedits = S.merge_projects(result.projects, ss.setdefault("edits", {}).get(sig, {}),
                                    ss.setdefault("story_edits", {}).get(sig, {}))
    ss["edits"][sig], ss["story_edits"][sig] = corr, sedits
    pv = S.view_from_params(result.projects[-1].view)
    ss.update({"lanes": pv.lanes, "color": pv.color, "f_prec": list(pv.precisions), "f_art": list(pv.articles),
               "f_src": list(pv.sources), "q": pv.query, "url_range": (pv.date_from, pv.date_to),
               "story_dates": result.projects[-1].story_dates or pv.dates,
               "story_title": result.projects[-1].title})
    ss.pop("range_sig", None)  # the dates filter takes the project's range
    if pv.mode:
        ss.update(mode=pv.mode, mode_auto=False)
    ss["project_opened"] = sig
    ss["saved_work"] = S.work_key(sig, corr, sedits)  # just opened: nothing new to save yet

# filters (sanitised against this input's options before the widgets draw)
precisions = sorted({e.precision or "unknown" for e in raw_events})
sources = sorted({s for e in raw_events for s in S.event_sources(e)})
article_ids = [a.id for a in articles] + sorted({e.article for e in extra} - set(by_article))
languages = sorted({e.lang for e in raw_events})
for key, options in (("f_prec", precisions), ("f_art", article_ids), ("f_src", sources), ("f_lang", languages)):
    ss[key] = [v for v in ss.get(key, []) if v in options]
bounds = S.date_bounds(raw_events)
_rng = ss.get("range") or ()
# a new input resets the dates filter; so does a range the events no longer reach (the same
# articles read in another language, say), which the date picker would refuse
if ss.get("range_sig") != sig or (bounds and _rng and not all(bounds[0] <= d <= bounds[1] for d in _rng)):
    lo_hi = ss.pop("url_range", (None, None)) if bounds else (None, None)
    if bounds:
        lo = lo_hi[0] if lo_hi[0] and bounds[0] <= lo_hi[0] <= bounds[1] else bounds[0]
        hi = lo_hi[1] if lo_hi[1] and lo <= lo_hi[1] <= bounds[1] else bounds[1]
        ss["range"] = (lo, hi)
    ss["range_sig"] = sig

sb.header("Filter")
sb.text_input("Search", key="q", placeholder="words, in any order", max_chars=200,
              help="Every word must appear (in the sentence, title, explanation or sources), in any "
                   "order; case and accents do not count. \"Quotes\" keep a phrase whole.")
# The other filters are built only when their expander is open (their values stay, see
# above): a first look mounts no date picker or multi-selects beside the chart
# (benchmarks/RESULTS-app.md measured them).
_on = S.filters_on(ss.get("range"), bounds, ss.f_prec, ss.f_art, ss.f_src, ss.f_lang)
more = sb.expander("Dates, precision, articles, sources" + (", languages" if len(languages) > 1 else "")
                   + (f" · {_on} on" if _on else ""),
                   expanded=bool(_on), key="filters_open", on_change="rerun")
if more.open:
    with more:
        if bounds:
            st.date_input("Dates", key="range", min_value=bounds[0], max_value=bounds[1])
        st.multiselect("Precision", precisions, key="f_prec", placeholder="all")
        st.multiselect("Articles", article_ids, key="f_art", placeholder="all",
                       format_func=lambda i: (by_article[i].title or i)[:60] if i in by_article else i)
        st.multiselect("Sources", sources, key="f_src", placeholder="all")
        if len(languages) > 1:
            st.multiselect("Languages", languages, key="f_lang", placeholder="all", format_func=S.language_name)

rng = ss.get("range") if bounds else None
d_from = rng[0] if rng and len(rng) > 0 else None
d_to = rng[1] if rng and len(rng) > 1 else None
full_range = bool(bounds) and (d_from, d_to) == tuple(bounds)

# ------------------------------------------------------------------ main area

for source, message in problems:
    st.error(f"**{V.md_escape(source)}**: {V.md_escape(message)}" if source else V.md_escape(message))
for source, message in result.notes:  # read whole, something guessed or mended on the way
    st.info(f"**{V.md_escape(source)}**: {V.md_escape(message)}" if source else V.md_escape(message))
if result.undated:
    st.warning(f"{len(result.undated)} article(s) wait for a publication date (in the sidebar).")

# Story first with several articles, All events first otherwise; a click switches (kept in the URL)
if ss.get("mode_auto", True) or ss.get("mode") not in S.MODES:
    ss["mode"], ss["mode_auto"] = SX.default_mode(len(articles)), True
st.segmented_control("View", S.MODES, key="mode", required=True, format_func=SX.MODE_NAMES.get,
                     on_change=lambda: ss.update(mode_auto=False), label_visibility="collapsed")

edits_store = ss.setdefault("edits", {})

view = S.View(input=ss.input, lanes=ss.lanes, color=ss.color,
              date_from=None if full_range else d_from, date_to=None if full_range else d_to,
              precisions=tuple(ss.f_prec), articles=tuple(ss.f_art), sources=tuple(ss.f_src),
              languages=tuple(ss.f_lang), query=(ss.q or "").strip(), event=ss.get("selected") or "",
              mode="" if ss.get("mode_auto", True) else ss.mode, dates=ss.get("story_dates"),
              source=(ss.get("link") or "").strip() if ss.input == S.LINK else "")
events_by_id = {e.id: e for e in raw_events}

if articles or extra:
    sb.header("Project")
    _corr = dict(edits_store.get(sig, {}))
    _sedits = dict(ss.get("story_edits", {}).get(sig, {}))
    _title = (ss.get("story_title") or "").strip()
    _work = S.work_key(sig, _corr, _sedits, added)
    _warn = S.unsaved_warning("sample" if ss.input == S.LINK else ss.input,  # a link carries its articles
                              len(articles), len(_corr) + len(_sedits) + len(added),
                              saved=ss.get("saved_work") == _work)
    if _warn:
        unsaved_slot.warning(_warn)
    _dates, _view = ss.get("story_dates"), view
    sb.download_button("Save project", mime="application/json", key="save_project",
                       data=lambda: S.project_text(articles, _corr, _sedits, _dates, _view, _title, extra),
                       file_name=S.project_name(_title, articles),
                       on_click=lambda: ss.update(saved_work=_work),
                       help="One .chronicle.json file with the articles, your corrections, the story's "
                            "edits and this view. Upload it to carry on; "
                            "`python -m pipeline events FILE` reads it too.")


def _story_edit(change, *args) -> None:
    """Apply one change (a function of ui.story) to this input's story edits."""
    store = ss.setdefault("story_edits", {})
    store[sig] = change(store.get(sig, {}), *args)


def _save_text(entry, key: str) -> None:
    _story_edit(SX.set_text, entry, ss.get(f"eh-{sig}-{key}", ""), ss.get(f"es-{sig}-{key}", ""))


def _reset_text(entry, key: str) -> None:
    _story_edit(SX.reset_text, entry)
    ss.pop(f"eh-{sig}-{key}", None)
    ss.pop(f"es-{sig}-{key}", None)


def show_story() -> None:
    """The story: key dates on a lane, events per day under it, one card per date, exports."""
    if not articles and not extra:
        st.info("Add articles to tell their story.")
        return
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1])
    c1.number_input("Number of key dates", key="story_dates", value=None, min_value=1, max_value=S.MAX_STORY_DATES,
                    step=1, placeholder="auto",
                    help="How many dates the story keeps. Empty: as many as stand out (5 to 40). "
                         "Pinned dates stay whatever the number.")
    told = story_of(articles_key, articles, ss.get("story_dates"), ss.input != "sample", extra,
                    tuple(sorted((k, tuple(sorted(v.items()))) for k, v in edits_store.get(sig, {}).items())),
                    read_lang)
    edits = ss.setdefault("story_edits", {}).get(sig, {})
    shown_story = SX.apply_story_edits(told, edits)
    originals = SX.originals(told, edits)
    c2.metric("Key dates", len(shown_story))
    c3.metric("Articles", told.articles)
    c4.metric("Events", told.events, help="The events the key dates were chosen from")
    if not shown_story.entries:
        st.info("No key dates: the articles name no day (or week or month) precisely enough.")
    pinned = [k for k in originals if SX.is_pinned(edits, originals[k])]
    st.plotly_chart(SX.story_figure(shown_story, pinned=pinned, width_px=CHART_PX), key="story_chart",
                    theme="streamlit",
                    config={"displaylogo": False, "displayModeBar": False})
    st.caption("Each mark is a key date, with its headline. The grey bars under the lane count the "
               "events dated to each day: where the story is dense. The corrections (All events → "
               "Corrections) apply here too; the sidebar filters apply to All events.")
    if SX.removed_count(edits):
        r1, r2 = st.columns([3, 1])
        r1.caption(f"{SX.removed_count(edits)} date(s) removed by hand.")
        r2.button("Restore removed dates", key="story-restore", on_click=_story_edit,
                  args=(SX.restore_removed,), width="stretch")
    for entry in shown_story.entries:
        key = SX.entry_key(entry)
        orig = originals.get(key, entry)
        is_pin = SX.is_pinned(edits, orig)
        with st.container(border=True):
            st.html(SX.entry_html(entry, pinned=is_pin, edited=SX.is_edited(edits, orig)))
            actions = st.container(horizontal=True)
            actions.button("Unpin" if is_pin else "Pin", key=f"pin-{sig}-{key}", icon=":material/push_pin:",
                           on_click=_story_edit, args=(SX.toggle_pin, orig),
                           help="A pinned date stays when the number of key dates is lowered")
            actions.button("Remove", key=f"remove-{sig}-{key}", icon=":material/delete:",
                           on_click=_story_edit, args=(SX.remove_entry, orig))
            # (built only when opened: a story of 16 cards then sends about 100 messages, not 250)
            context = st.expander("Sentences in context", key=f"ctx-{sig}-{key}", on_change="rerun")
            if context.open:
                with context:
                    st.html(SX.entry_context_html(entry, events_by_id, by_article))
            editor = st.expander("Edit headline and summary", key=f"edx-{sig}-{key}", on_change="rerun")
            if editor.open:
                with editor:
                    with st.form(key=f"edit-{sig}-{key}", border=False):
                        st.text_input("Headline", value=entry.headline, key=f"eh-{sig}-{key}", max_chars=300)
                        st.text_area("Summary (one sentence a line)", value="\n".join(entry.summary),
                                     key=f"es-{sig}-{key}", max_chars=5000)
                        st.form_submit_button("Save", on_click=_save_text, args=(orig, key))
                    if SX.is_edited(edits, orig):
                        st.button("Undo my edits", key=f"reset-{sig}-{key}", on_click=_reset_text,
                                  args=(orig, key))
    st.subheader("Export the story")
    st.text_input("Title", key="story_title", max_chars=200, placeholder="Chronicle")
    exported = dataclasses.replace(shown_story, title=(ss.get("story_title") or "").strip())
    keys = P.pinned_keys(edits)
    st.toggle("Pinned dates only", key="story_pinned_only", disabled=not keys,
              help="Publish only the dates you pinned (pin a card to keep it)" if keys else "Pin a date first")
    if keys and ss.get("story_pinned_only"):
        exported = P.pinned_only(exported, keys)
    st.caption(f"The exports hold the {len(exported)} date{'s' if len(exported) != 1 else ''} "
               f"{'pinned' if keys and ss.get('story_pinned_only') else 'shown'}, with your pins, "
               "removals and edits; no explanations.")
    from pipeline import story_export
    for col, (fmt, label, name, mime) in zip(st.columns(len(SX.EXPORTS)), SX.EXPORTS):
        col.download_button(label, (lambda f=fmt: story_export.render(exported, f)), name, mime,
                            key=f"story-dl-{fmt}", on_click="ignore", width="stretch")
    w1, w2 = st.columns(2)
    for col, (js, label, name, tip) in zip((w1, w2), PAGES):
        col.download_button(label, (lambda j=js: P.story_page(SX.story_figure(exported, pinned=pinned),
                                                              exported, plotlyjs=j)),
                            name.format("story"), "text/html", key=f"story-page-{js}", on_click="ignore",
                            width="stretch", help=tip)


def _add_event() -> None:
    """The event of the "Add an event by hand" form, kept with this input's work."""
    last = ss.get("add_end")
    try:
        ev = hand_event(ss.get("add_title") or "", ss.get("add_start"),
                        None if last is None else last + timedelta(days=1),
                        note=ss.get("add_note") or "", source=ss.get("add_source") or "",
                        url=ss.get("add_url") or "")
    except ImportProblem as exc:
        ss["add_problem"] = f"Not added: {exc}."
        return
    store = ss.setdefault("added", {})
    if all(e.id != ev.id for e in store.get(sig, ())):
        store[sig] = tuple(store.get(sig, ())) + (ev,)


def _clear_selection() -> None:
    """No event selected, and a chart drawn anew (a new key), without the old selection."""
    ss["selected"] = ""
    ss["chart_gen"] = ss.get("chart_gen", 0) + 1
    ss.pop("chart_seen", None)


def show_corrections() -> dict:
    """The Corrections tab: the table of every event to fix, and the form to add one;
    the corrections of this input set, as now edited."""
    st.caption("Fix an interval, retitle or drop an event: the timeline, the table and the exports "
               "follow. Intervals are [start, end): the end is exclusive.")
    table = S.edit_table(raw_events, edits_store.get(sig, {}))
    edited = st.data_editor(
        table, key=f"editor-{sig}", hide_index=True, width="stretch", num_rows="fixed",
        disabled=["id", "precision", "expression", "article"],
        column_config={
            "drop": st.column_config.CheckboxColumn("drop", help="leave this event out"),
            "title": st.column_config.TextColumn("title", max_chars=300),
            "start": st.column_config.DatetimeColumn("start", format="YYYY-MM-DD HH:mm"),
            "end": st.column_config.DatetimeColumn("end (exclusive)", format="YYYY-MM-DD HH:mm"),
        })
    edits, edit_problems = S.edits_from_table(raw_events, edited, edits_store.get(sig, {}))
    edits_store[sig] = edits
    for msg in edit_problems:
        st.warning(V.md_escape(msg))
    if edits:
        st.caption(f"{len(edits)} event(s) corrected.")
    with st.expander("Add an event by hand", icon=":material/add:"):
        with st.form(key=f"add-{sig}", clear_on_submit=True, border=False):
            st.text_input("Title", key="add_title", max_chars=300, placeholder="What happened")
            a1, a2 = st.columns(2)
            a1.date_input("Day (or first day)", value=None, key="add_start",
                          min_value=date(1, 1, 1), max_value=date(9999, 12, 30))
            a2.date_input("Last day (optional)", value=None, key="add_end",
                          min_value=date(1, 1, 1), max_value=date(9999, 12, 30))
            st.text_area("Note or sentence (optional)", key="add_note", max_chars=5000, height=80)
            b1, b2 = st.columns(2)
            b1.text_input("Source (optional)", key="add_source", max_chars=300)
            b2.text_input("Link (optional)", key="add_url", max_chars=2000, placeholder="https://…")
            st.form_submit_button("Add event", on_click=_add_event)
        if ss.get("add_problem"):
            st.warning(V.md_escape(ss.pop("add_problem")))
        if added:
            st.caption(f"{len(added)} event(s) added by hand: they are in the table above (drop one "
                       "there) and in the saved project.")
    return edits


def show_events() -> None:
    """All events: the timeline of every event, its table, corrections and exports."""
    top = st.container()
    # Tabs run only when open (on_change="rerun"): the first paint sends the chart, not a
    # hidden editor and table (benchmarks/RESULTS-app.md measured them in the browser).
    tab_events, tab_fix, tab_share = st.tabs(["Events", "Corrections", "Share & export"], key="events_tab",
                                             on_change="rerun")

    # corrections first (the chart above must show them), kept per input set
    edits = edits_store.get(sig, {})
    if tab_fix.open:
        with tab_fix:
            edits = show_corrections()
    events = S.apply_edits(raw_events, edits)
    shown = S.filter_events(events, view)

    with top:
        span = S.date_bounds(shown)
        n_shown = f"{len(shown)}" if len(shown) == len(events) else f"{len(shown)} of {len(events)}"
        if PHONE:  # one line, and the chart's options in a popover: the chart on the first screen
            p1, p2 = st.columns([3, 1], vertical_alignment="center")
            p1.caption(f"**{len(articles)}** article{'s' if len(articles) != 1 else ''} · **{n_shown}** "
                       f"event{'s' if len(shown) != 1 else ''} · {S.span_words(span)}")
            opts = p2.popover("Options", width="stretch")
        else:
            c1, c2, c3 = st.columns(3)
            c1.metric("Articles", len(articles))
            c2.metric("Events", n_shown)
            c3.metric("Date span", S.span_words(span), help=None if not span else
                      f"{date_words(span[0])} to {date_words(span[1])}, from the events shown")
            opts = st.container()
        o1, o2 = opts.columns(2)
        o1.radio("Lanes", S.LANES, key="lanes", horizontal=True, format_func=lambda x: f"by {x}")
        o2.radio("Colour", S.COLORS, key="color", horizontal=True, format_func=lambda x: f"by {x}")
        fig = None
        if not shown:  # a sensible empty state, never an empty axis
            st.info(S.empty_message(len(articles) or len({e.article for e in extra}), len(events), ss.input))
        else:
            published = {(a.title or a.id): a.published for a in articles if a.published is not None}
            fig = timeline_figure(shown, lanes=ss.lanes, color=ss.color, published=published,
                                  visible=(d_from, d_to) if d_from and d_to and not full_range else None,
                                  lane_titles={a.id: a.title or a.id for a in articles}, width_px=CHART_PX)
            # the chart returns its selection on every rerun: only a change is a pick
            chart = st.plotly_chart(fig, key=f"chart-{ss.get('chart_gen', 0)}", on_select="rerun",
                                    selection_mode="points", theme="streamlit",
                                    config={"displaylogo": False, "scrollZoom": True})
            picked, ss["chart_seen"] = S.new_pick(chart, ss.get("chart_seen"))
            if picked:
                ss["selected"] = picked
            current = next((e for e in events if e.id == ss.get("selected")), None)
            if current is None and events and ss.get("selected"):
                ss["selected"] = ""  # dropped in Corrections (or gone from the input): no stale event= left
            if current is not None:
                st.subheader("Selected event")
                st.html(V.details_html(current, by_article.get(current.article)))
                st.button("Clear selection", key="clear_selection", on_click=_clear_selection)
            elif shown:
                st.caption("Select an event on the timeline (click it) to read its sentence in context.")

    if tab_events.open:
        with tab_events:
            if len(shown) <= V.TABLE_HTML_MAX:  # a short list reads better whole (and draws at once)
                st.html(V.events_table_html(shown))
            else:
                st.dataframe(S.events_frame(shown), hide_index=True, width="stretch",
                             column_config={"from": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
                                            "until (excl.)": st.column_config.DatetimeColumn(
                                                format="YYYY-MM-DD HH:mm")})

    if tab_share.open:
        with tab_share:
            st.markdown("The link in your address bar reopens this view (input, filters, dates, selection)."
                        + ("" if ss.input in ("sample", S.LINK) else " Pasted or uploaded articles are not part of a "
                           "link: whoever opens it must add them again."))
            st.caption(f"Exports hold the {len(shown)} events shown, with your corrections.")
            d1, d2, d3, d4 = st.columns(4)
            frozen = tuple(shown)
            page_title = (ss.get("story_title") or "").strip() or "Chronicle"
            d1.download_button("CSV", lambda: export.to_csv(frozen), "chronicle-events.csv", "text/csv",
                               on_click="ignore", width="stretch")
            d2.download_button("JSON", lambda: export.to_json(frozen), "chronicle-events.json",
                               "application/json", on_click="ignore", width="stretch")
            d3.download_button("TimelineJS", lambda: json.dumps(export.to_timelinejs(frozen, title="Chronicle",
                                                                                      explanations=False),
                                                                ensure_ascii=False, indent=1),
                               "chronicle-timelinejs.json", "application/json", on_click="ignore",
                               width="stretch", help="Load it in TimelineJS (timeline.knightlab.com)")
            d4.download_button("TimelineJS sheet (CSV)", lambda: export.to_sheet_csv(frozen, title=page_title),
                               "chronicle-events-sheet.csv", "text/csv", on_click="ignore", width="stretch",
                               help="TimelineJS's Google Sheets template: import it into the template's sheet")
            w1, w2 = st.columns(2)
            for col, (js, label, name, tip) in zip((w1, w2), PAGES):
                if fig is not None:
                    col.download_button(label, (lambda j=js: P.events_page(fig, frozen, title=page_title,
                                                                           articles=articles, plotlyjs=j)),
                                        name.format("timeline"), "text/html", key=f"events-page-{js}",
                                        on_click="ignore", width="stretch", help=tip)
                else:
                    col.button(label, disabled=True, width="stretch", help="No event to draw",
                               key=f"events-page-{js}")

if ss.mode == "story":
    show_story()
else:
    show_events()

# ------------------------------------------------------------- the URL follows
params = S.view_to_params(dataclasses.replace(view, event=ss.get("selected") or ""))
if st.query_params.to_dict() != params:
    st.query_params.from_dict(params)
