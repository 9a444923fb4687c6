"""HTML docs page -> Page: the main content as ordered sections (heading, anchor, text).

selectolax (lexbor) is used for speed: a 300 KB page parses and walks in a few ms
where bs4 + html.parser takes ~260 ms (see bench/bench_normalize.py).
Only text nodes are read, so attributes (nonces, CSRF tokens, generated class names,
hashed asset URLs) never reach the output. Code keeps its markdown form, as the `/docs/X.md`
source has it (`inline code`, fenced blocks, `| cell |` table rows), so the docs stage reads
code-formatted names and examples on HTML pages too; none of it is a word, so the page diff
sees no change between the two forms.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from checker.models import Page, Section
from checker.normalise import volatile
from checker.urls import slugify

DEFAULT_SELECTOR = "article, main, #content-area, body"

_WIDGET_WORDS = (
    "sidebar", "breadcrumb", "pagination", "feedback", "table-of-contents", "tableofcontents",
    "edit-this-page", "edit-page", "copy-button", "copy-page", "clipboard", "cookie", "skip-link",
)
DROP_SELECTOR = ", ".join(
    [
        "nav", "aside", "footer", "script", "style", "noscript", "svg", "template", "button",
        "iframe", "object", "embed", "canvas", "video", "audio", "select", "textarea", "input",
        "dialog", "link", "meta", "[hidden]", "[role=navigation]", "[role=contentinfo]", "[role=search]",
    ]
)
# Matched by class words or well-known ids: dropped unless they are headings or hold most
# of the content (a layout wrapper whose utility class mentions "sidebar" must stay).
# Ids are matched exactly: a docs heading may well be <h2 id="pagination">.
_WIDGET_IDS = (
    "sidebar", "sidebar-content", "toc", "table-of-contents", "pagination", "feedback",
    "breadcrumb", "breadcrumbs", "edit-this-page", "cookie-banner", "skip-link",
)
WIDGET_SELECTOR = ", ".join(
    ["[class~=toc]", "[class*=toc-]", '[id*="sidebar" i]', '[id*="table-of-contents" i]']
    + [f'[class*="{w}" i]' for w in _WIDGET_WORDS]
    + [f"[id={i}]" for i in _WIDGET_IDS]
)

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Blocks whose whole text is one line (they hold no other blocks in practice).
_LEAF_BLOCKS = frozenset({"p", "dt", "caption", "figcaption", "summary", "legend", "label"})
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
        "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
        "var", "font", "tt",
    }
)
_SKIP = frozenset({"-comment", "img", "picture", "source", "track", "area", "map", "head", "title"})


def html_to_page(html: str | bytes, selector: str | None = None) -> Page:
    tree = LexborHTMLParser(html)
    root = _main(tree, selector or DEFAULT_SELECTOR)
    _drop_furniture(root)
    builder = _Builder()
    builder.walk(root)
    sections = builder.finish()
    return Page(title=page_title(tree) or _first_h1(sections), sections=sections)


def page_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("head > title") or tree.css_first("title")
    return _collapse(node.text(deep=True)) if node is not None else ""


def _first_h1(sections: tuple[Section, ...]) -> str:
    return next((s.heading for s in sections if s.level == 1), "")


def _main(tree: LexborHTMLParser, selector: str) -> LexborNode:
    for part in selector.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            node = tree.css_first(part)
        except Exception:  # an invalid selector part: try the next one
            continue
        if node is not None:
            return node
    return tree.body or tree.root


def _drop_furniture(root: LexborNode) -> None:
    for node in root.css(DROP_SELECTOR):
        node.decompose(recursive=False)  # detach only: O(1), its subtree goes with it
    for node in root.css("header"):
        if node.css_first("h1") is None:  # an article's own header holds its title: keep it
            node.decompose(recursive=False)
    widgets = root.css(WIDGET_SELECTOR)
    if widgets:
        half = len(root.text(deep=True)) // 2
        for node in widgets:
            if node.tag not in _HEADINGS and len(node.text(deep=True)) <= half:
                node.decompose(recursive=False)


def _collapse(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


class _Builder:
    """Accumulates sections while walking the content in document order."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.heading, self.anchor, self.level = "", "", 0
        self.lines: list[str] = []
        self.inline: list[str] = []
        self.anchors: set[str] = set()

    def walk(self, root: LexborNode) -> None:
        """Document-order walk; iterative (an explicit stack) so deep nesting cannot overflow."""
        pending: list[LexborNode | None] = []  # where to resume after each open container
        child = root.child
        while True:
            if child is None:
                if not pending:
                    return
                self.flush()  # leaving a container block
                child = pending.pop()
                continue
            tag = child.tag
            if tag == "-text":
                self.inline.append(child.text_content or "")
            elif tag in _INLINE:
                self.inline.append(_inline_text(child))
            elif tag == "br":
                self.inline.append(" ")
            elif tag in _SKIP:
                pass
            elif tag in _HEADINGS:
                self.flush()
                self.start_section(child, _HEADINGS[tag])
            elif tag in _LEAF_BLOCKS:
                self.flush()
                self.add(_collapse(_inline_text(child)))
            elif tag == "pre":
                self.flush()
                self.add_code(child.text(deep=True, separator=""))
            elif tag == "tr":
                self.flush()
                self.add(_row(child))
            else:  # a container block (div, section, li, ul, table, blockquote, dd ...)
                self.flush()
                pending.append(child.next)
                child = child.child
                continue
            child = child.next

    def flush(self) -> None:
        if self.inline:
            self.add(_collapse("".join(self.inline)))
            self.inline = []

    def add(self, line: str) -> None:
        if line and line.lower() not in volatile.WIDGET_LINES:
            self.lines.append(line)

    def add_code(self, code: str) -> None:
        lines = [line.rstrip() for line in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        if lines:
            fence = "`" * max(3, 1 + max((len(line) - len(line.lstrip("`")) for line in lines), default=0))
            self.lines.extend([fence, *lines, fence])

    def start_section(self, node: LexborNode, level: int) -> None:
        self.close_section()
        self.heading = _collapse(node.text(deep=True, separator=""))
        self.anchor = self.unique(_anchor_of(node, self.heading))
        self.level = level

    def unique(self, anchor: str) -> str:
        candidate, n = anchor, 0
        while candidate in self.anchors:
            n += 1
            candidate = f"{anchor}-{n}"
        self.anchors.add(candidate)
        return candidate

    def close_section(self) -> None:
        text = volatile.scrub("\n".join(line for line in self.lines if not volatile.is_volatile_line(line)))
        if self.level or text:  # the preamble only when it has text
            self.sections.append(Section(self.heading, self.anchor, self.level, text))
        self.lines = []

    def finish(self) -> tuple[Section, ...]:
        self.flush()
        self.close_section()
        return tuple(self.sections)


def _anchor_of(node: LexborNode, heading: str) -> str:
    own = node.attributes.get("id")
    if own:
        return own
    for link in node.css("a[id], a[href^='#']"):
        attrs = link.attributes
        anchor = attrs.get("id") or (attrs.get("href") or "#")[1:]
        if anchor:
            return anchor
    return slugify(heading)


def _row(tr: LexborNode) -> str:
    cells = []
    cell = tr.child
    while cell is not None:
        if cell.tag in ("td", "th"):
            cells.append(_collapse(_inline_text(cell, " ")).replace("|", "\\|"))
        cell = cell.next
    return f"| {' | '.join(cells)} |" if cells else ""


def _inline_text(node: LexborNode, separator: str = "") -> str:
    """The text of an inline run, `code` spans in backticks; an explicit stack, as deep as it nests."""
    if node.tag == "code":
        return _code_span(node.text(deep=True, separator=""))
    out: list[str] = []
    pending: list[LexborNode | None] = []
    child = node.child
    while True:
        if child is None:
            if not pending:
                return separator.join(out)
            child = pending.pop()
            continue
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "code":
            out.append(_code_span(child.text(deep=True, separator="")))
        elif tag == "br":
            out.append(" ")
        elif tag not in _SKIP and child.child is not None:
            pending.append(child.next)
            child = child.child
            continue
        child = child.next


def _code_span(text: str) -> str:
    text = _collapse(text)
    if not text:
        return ""
    ticks = "``" if "`" in text else "`"
    return f"{ticks}{text}{ticks}"
