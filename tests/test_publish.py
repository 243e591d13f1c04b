"""Publishable pages (ui/publish.py): structure, escaping, sources, sizes, curated stories,
and the offline page drawn by a real Chromium with the network blocked."""
from __future__ import annotations

import ast
import html
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser_support import browser  # noqa: F401 (the shared module-scoped fixture)
from pipeline.articles import load_articles
from pipeline.events import build_events
from pipeline.model import Article, Source
from pipeline.story_model import Story, StoryEntry
from pipeline.storyline import story as build_story
from ui import publish as P
from ui.chart import timeline_figure
from ui.story import apply_story_edits, remove_entry, story_figure, toggle_pin

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "nk-hotlines.json"
EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(2)">'


@pytest.fixture(scope="module")
def sample():
    articles = load_articles([str(SAMPLE)]).articles
    events = build_events(articles)
    return articles, events


@pytest.fixture(scope="module")
def evil():
    """Two articles whose title, outlet and URL try to add markup, script or a javascript: link."""
    text = "The talks resumed on Thursday. Officials met again on Friday."
    arts = [Article("a1", text, date(2021, 9, 30), title=EVIL, source=f"{EVIL} Wire", url="javascript:alert(3)"),
            Article("a2", text, date(2021, 10, 2), title="Plain <b>title</b> & more", source="https://www.apnews.com/x",
                    url='https://example.org/a?x="><script>alert(4)</script>')]
    return arts, build_events(arts)


class Tags(HTMLParser):
    """The start tags of a page, with their attributes (a real HTML tokenizer)."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.tags if t == tag)


def outside_scripts(page: str) -> str:
    """The page without the bodies of its <script> elements (plotly.js, the figure's JSON)."""
    return re.sub(r"(?s)(<script[^>]*>).*?(</script>)", r"\1\2", page)


# ---------------------------------------------------------------- the page

def test_a_real_page(sample):
    articles, events = sample
    page = P.page_html(timeline_figure(events), title="North Korea's hotlines", subtitle="Two Koreas, one line",
                       sources=P.sources_from_articles(articles), generated=date(2024, 5, 1))
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    tags = Tags(page)
    metas = [a for t, a in tags.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    assert "<title>North Korea&#x27;s hotlines</title>" in page
    assert "<h1>North Korea&#x27;s hotlines</h1>" in page
    assert '<p class="subtitle">Two Koreas, one line</p>' in page
    assert f'id="{P.CHART_ID}"' in page and "Plotly.newPlot" in page
    assert '"displaylogo": false' in page and '"responsive": true' in page
    assert '<h2 id="sources-heading">Sources</h2>' in page
    assert "<li>North Korea looking to restore lines of communication with Seoul <span class=\"meta\">— " \
           "Associated Press (republished by a UK news site), 30 Sep 2021</span></li>" in page
    assert "<footer>Made with Chronicle · generated 1 May 2024</footer>" in page
    assert "prefers-color-scheme:dark" in page and "max-width:480px" in page
    assert tags.count("h1") == 1 and tags.count("ol") == 1 and tags.count("footer") == 1


@pytest.mark.parametrize("generated, footer", [
    (None, "Made with Chronicle</footer>"),
    (date(2024, 5, 1), "Made with Chronicle · generated 1 May 2024</footer>"),
    (datetime(2024, 5, 1, 14, 5), "Made with Chronicle · generated 1 May 2024, 14:05</footer>"),
    ("build 7 <b>", "Made with Chronicle · build 7 &lt;b&gt;</footer>")])
def test_the_footer_says_what_the_caller_gave(sample, generated, footer):
    _, events = sample
    assert footer in P.page_html(timeline_figure(events), title="T", generated=generated)


def test_no_clock_and_no_streamlit_in_the_module():
    src = (ROOT / "ui" / "publish.py").read_text()
    tree = ast.parse(src)
    imported = {n.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for n in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "streamlit" not in imported and "time" not in imported
    calls = {node.func.attr for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)}
    assert not calls & {"now", "today", "utcnow", "time", "monotonic"}


def test_an_empty_title_is_chronicle_and_no_subtitle_or_sources_leave_no_empty_block(sample):
    _, events = sample
    page = P.page_html(timeline_figure(events), title="  ", subtitle=" ")
    assert "<title>Chronicle</title>" in page and "<h1>Chronicle</h1>" in page
    assert "subtitle" not in outside_scripts(page).split("</style>")[1] and "Sources" not in page


def test_the_figure_is_left_as_it_was_and_the_page_takes_the_window_width(sample):
    _, events = sample
    fig = timeline_figure(events)
    fig.update_layout(width=1234)
    before = fig.to_json()
    page = P.page_html(fig, title="T")
    assert fig.to_json() == before
    assert '"width":1234' not in page


def test_unknown_plotlyjs_is_refused(sample):
    _, events = sample
    with pytest.raises(ValueError, match="plotlyjs"):
        P.page_html(timeline_figure(events), title="T", plotlyjs="local")


def test_cdn_page_is_small_and_the_offline_page_carries_plotly(sample):
    articles, events = sample
    fig = timeline_figure(events)
    cdn = P.events_page(fig, events, articles=articles, generated=date(2024, 5, 1))
    offline = P.events_page(fig, events, articles=articles, plotlyjs="inline", generated=date(2024, 5, 1))
    assert len(cdn.encode()) < 200_000
    scripts = [a for t, a in Tags(cdn).tags if t == "script" and "src" in a]
    assert len(scripts) == 1 and re.fullmatch(r"https://cdn\.plot\.ly/plotly-[\d.]+\.min\.js", scripts[0]["src"])
    assert scripts[0]["integrity"].startswith("sha256-")
    assert len(offline.encode()) > 1_000_000
    assert not [a for t, a in Tags(offline).tags if t == "script" and "src" in a]  # nothing to fetch
    # the same page around the chart
    def scriptless(page):
        return re.sub(r"(?s)<script.*?</script>", "", page)
    assert scriptless(cdn) == scriptless(offline)
    assert P.events_page(fig, events, articles=articles, generated=date(2024, 5, 1)) == cdn  # deterministic


# ---------------------------------------------------------------- escaping

def test_article_text_cannot_add_markup(evil):
    arts, events = evil
    subtitle = "</p><script>alert(5)</script>"
    page = P.events_page(timeline_figure(events), events, title=EVIL, subtitle=subtitle, articles=arts)
    outside = outside_scripts(page)
    tags = Tags(outside)
    assert tags.count("img") == 0 and tags.count("b") == 0
    assert tags.count("script") == len(re.findall(r"<script\b", timeline_figure(events).to_html(
        full_html=False, include_plotlyjs="cdn")))  # plotly's own, none more
    assert "javascript:" not in outside
    assert f"<title>{html.escape(EVIL)}</title>" in page and f"<h1>{html.escape(EVIL)}</h1>" in page
    assert "&lt;/p&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in page
    assert [a for t, a in tags.tags if t == "a"] == []  # views.safe_url refuses quotes and angle brackets
    assert html.escape(EVIL) in outside  # the hostile title is listed, as text
    # inside the figure's JSON, markup is \u003c-escaped by Plotly
    assert "<script>window.__pwned" not in page and "<img src=x" not in page


def test_only_http_links(evil):
    srcs = [Source("a", "A", "", "https://example.org/a?b=1&c=2", date(2021, 9, 30)),
            Source("b", "B", "", "javascript:alert(1)", date(2021, 9, 30)),
            Source("c", "C", "", "data:text/html,<script>alert(1)</script>", date(2021, 9, 30)),
            Source("d", "D", "", "http://example.org/d", None),
            Source("e", "E", "", "//evil.example", None),
            Source("f", "F", "", "https://example.org/\ud800", None)]
    out = P.sources_html(srcs)
    links = [a["href"] for t, a in Tags(out).tags if t == "a"]
    assert links == ["https://example.org/a?b=1&c=2", "http://example.org/d"]
    assert 'href="https://example.org/a?b=1&amp;c=2"' in out
    assert "javascript:" not in out and "data:" not in out and "<script" not in out
    out.encode("utf-8")


def test_a_lone_surrogate_can_be_written(sample):
    _, events = sample
    page = P.page_html(timeline_figure(events), title="T\ud800", subtitle="S\udfff",
                       sources=[Source("a\ud800", "T\ud800", "W\ud800", "https://x.org/\ud800", None)],
                       generated="g\ud800")
    page.encode("utf-8")
    assert "\ufffd" in page


# ---------------------------------------------------------------- sources

def test_sources_one_per_article_oldest_first_outlets_named_the_same_way():
    arts = [Article("late", "x", date(2021, 10, 2), title="Late", source="https://www.apnews.com/article/1"),
            Article("undated", "x", None, title="Undated", source=""),
            Article("early", "x", datetime(2021, 9, 1, 8, 30), title="Early", source="apnews.com",
                    url="https://apnews.com/e"),
            Article("late", "x", date(2021, 10, 2), title="Duplicate", source="AP")]
    srcs = P.sources_from_articles(arts)
    assert [s.article for s in srcs] == ["early", "late", "undated"]
    out = P.sources_html(srcs)
    assert out.count("apnews.com, ") == 2 and "2 Oct 2021" in out and "1 Sep 2021<" in out
    assert "<li>Undated</li>" in out  # no outlet, no date: nothing after the title (never "Other sources")
    assert P.sources_html([]) == ""


def test_sources_of_merged_events_list_every_article(sample, evil):
    arts, events = evil
    srcs = P.sources_from_events(events, arts)
    assert sorted(s.article for s in srcs) == sorted({s.article for e in events for s in e.sources})
    _, nk = sample
    assert [s.title for s in P.sources_from_events(nk)] == \
        ["North Korea looking to restore lines of communication with Seoul"]


def test_an_event_without_sources_is_named_by_its_article(sample):
    import dataclasses
    articles, events = sample
    bare = [dataclasses.replace(e, sources=()) for e in events]
    (src,) = P.sources_from_events(bare, articles)
    assert src.title == articles[0].title and src.published == articles[0].published
    (src,) = P.sources_from_events(bare)
    assert src.article == articles[0].id


def test_subtitles(sample):
    _, events = sample
    assert P.events_subtitle(events) == "9 events from 1 article, 30 Sep 2019 to 31 May 2022"
    assert P.events_subtitle([]) == "0 events from 0 articles"
    st = Story(entries=(StoryEntry(date(2024, 3, 4), "A", (), (), 1.0),
                        StoryEntry(date(2024, 4, 1), "B", (), (), 1.0, grain="month")), articles=3)
    assert P.story_subtitle(st) == "2 key dates from 3 articles, 4 Mar 2024 to April 2024"
    assert P.story_subtitle(Story(entries=(), articles=1)) == "0 key dates from 1 article"


# ---------------------------------------------------------------- the story page and curated subsets

def _entry(day: date, headline: str, article: str) -> StoryEntry:
    return StoryEntry(day, headline, (f"{headline} happened.",),
                      (Source(article, f"Title {article}", "Wire", f"https://example.org/{article}", day),), 1.0)


def test_pinned_only_keeps_the_pinned_entries():
    st = Story(entries=(_entry(date(2024, 3, 4), "A", "a"), _entry(date(2024, 3, 9), "B", "b"),
                        _entry(date(2024, 4, 2), "C", "c")), articles=3, events=9, title="T")
    edits = toggle_pin({}, st.entries[0])
    edits = toggle_pin(edits, st.entries[2])
    edits = remove_entry(edits, st.entries[2])  # removing unpins
    edits = {**edits, "2024-03-09": {"pin": True}}  # a pin as a project keeps it
    keys = P.pinned_keys(edits)
    assert keys == {"2024-03-04", "2024-03-09"}
    cut = P.pinned_only(apply_story_edits(st, edits), keys)
    assert [e.headline for e in cut.entries] == ["A", "B"]
    assert (cut.articles, cut.events, cut.title) == (3, 9, "T")
    assert [s.article for s in P.sources_from_story(cut)] == ["a", "b"]
    assert P.pinned_only(st, ()).entries == () and P.pinned_keys(None) == frozenset()


def test_story_page(sample):
    articles, events = sample
    st = build_story(events, articles=articles)
    page = P.story_page(story_figure(st), st, title="Hotlines", generated=date(2024, 5, 1))
    assert "<h1>Hotlines</h1>" in page and P.story_subtitle(st) in page
    assert "North Korea looking to restore lines of communication with Seoul" in page
    assert "<h1>Chronicle</h1>" in P.story_page(story_figure(st), st)  # an untitled story


# ---------------------------------------------------------------- in a real browser

def _open(browser, path: Path, *, width: int = 1200, scheme: str = "light"):
    """The page at ``path`` from a file:// URL with every other request refused; returns
    (page, dialogs seen, requests refused)."""
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    dialogs: list = []
    refused: list = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_selector(f"#{P.CHART_ID}.js-plotly-plot .main-svg", timeout=30_000)
    return page, dialogs, refused


@pytest.mark.browser
def test_the_offline_page_draws_without_network(browser, sample, tmp_path):
    articles, events = sample
    path = tmp_path / "events.html"
    path.write_text(P.events_page(timeline_figure(events), events, title="Hotlines", articles=articles,
                                  plotlyjs="inline", generated=date(2024, 5, 1)), encoding="utf-8")
    page, dialogs, refused = _open(browser, path)
    try:
        assert page.title() == "Hotlines" and page.inner_text("h1") == "Hotlines"
        assert page.locator(".js-plotly-plot .main-svg").count() >= 1
        assert page.locator(".js-plotly-plot .point, .js-plotly-plot .scatterlayer path").count() > 0
        assert page.locator("ol.sources li").count() == 1
        assert "Associated Press" in page.inner_text("ol.sources")
        assert "generated 1 May 2024" in page.inner_text("footer")
        assert not dialogs and not refused
    finally:
        page.close()


@pytest.mark.browser
def test_the_page_fits_a_phone_and_reads_in_the_dark(browser, sample, tmp_path):
    articles, events = sample
    st = build_story(events, articles=articles)
    path = tmp_path / "story.html"
    path.write_text(P.story_page(story_figure(st), st, plotlyjs="inline"), encoding="utf-8")
    page, dialogs, _ = _open(browser, path, width=390, scheme="dark")
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.evaluate(f"document.getElementById('{P.CHART_ID}').getBoundingClientRect().width") <= 390
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        fg = page.evaluate("getComputedStyle(document.body).color")
        assert bg == "rgb(15, 20, 25)" and fg == "rgb(230, 237, 243)"  # light text on a dark page
        assert page.evaluate("getComputedStyle(document.querySelector('.chart')).backgroundColor") \
            == "rgb(255, 255, 255)"  # the chart keeps its light card
        page.emulate_media(color_scheme="light")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    finally:
        page.close()


@pytest.mark.browser
def test_a_hostile_title_runs_nothing_in_the_browser(browser, evil, tmp_path):
    arts, events = evil
    fig = timeline_figure(events)
    hostile = tmp_path / "hostile.html"
    text = P.events_page(fig, events, title=EVIL, subtitle=EVIL, articles=arts, plotlyjs="inline")
    hostile.write_text(text, encoding="utf-8")
    scripts = Tags(text).count("script")  # the page's own: plotly.js, its config, the figure
    page, dialogs, refused = _open(browser, hostile)
    try:
        page.wait_for_timeout(300)  # an onerror would have fired by now
        assert page.locator("script").count() == scripts
        assert page.locator("img").count() == 0 and page.locator("[onerror]").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert not dialogs
        assert page.inner_text("h1") == EVIL and page.title() == EVIL
        items = page.locator("ol.sources li")
        assert items.count() == 2 and EVIL in items.nth(0).inner_text() + items.nth(1).inner_text()
        assert page.locator("a[href^='javascript']").count() == 0
        assert not refused  # nothing was fetched
    finally:
        page.close()
