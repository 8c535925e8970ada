"""Hostile input for the property-based tests, and the checks a page must pass with it.

"Never unescaped output" is checked on the parsed page rather than by looking for strings:
whatever a person typed, the page has no more <script> elements than a page of harmless
text, no element a person could have introduced (img, svg, iframe, ...), no event-handler
attribute, no javascript:/data:/vbscript: link, and its JSON-LD still parses as JSON."""

from collections import Counter
from html.parser import HTMLParser

from django.apps import apps
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Examples per property: enough to mix every piece below many times, few enough that the
# module runs in seconds. Hypothesis keeps no example database in the repository.
FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WITH_DATABASE = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

PIECES = [
    "<script>alert(1)</script>",
    "</script><script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "<style>body{display:none}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&lt;script&gt;",
    "&#x3C;script&#x3E;",
    "{{ request.user }}",
    "{% debug %}",
    "${7*7}",
    "'; DROP TABLE articles_article; --",
    "\r\nSet-Cookie: session=stolen",
    "\u202e",  # right-to-left override
    "\u2066\u2069",  # isolates
    "\u200b\ufeff",  # zero-width space, byte-order mark
    "\x00",
    "\x1b[31m",
    "\x07\x08\x0b\x0c",
    "\u0085\u2028\u2029",
    "[@missing-reference]",
    # Markdown: claim texts and headings are rendered (articles/markup.py), so links with
    # any scheme, images, autolinks, attributes and markup around raw HTML are tried too.
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    '[x](https://example.org "t" onmouseover=alert(1))',
    "[x](https://example.org){onclick=alert(1)}",
    "![x](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    "<javascript:alert(1)>",
    "<https://example.org/a>",
    "*<img src=x onerror=alert(1)>*",
    "^<svg/onload=alert(1)>^",
    "~<iframe>~",
    "**x**^2^~3~",
    "@ref-1 says",
    "@{<script>}",
    "[see @ref-1, p. <b>3</b>]",
    "**bold** _em_ `code`",
    "# heading",
    "- item",
    "---",
    "\\",
    '"',
    "'",
    "&",
    "<",
    ">",
    "🩺💊",
    "Ω≈ç√",
]

hostile_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=6
).map("".join)
# What a person can type into a one-line field: no control characters or line breaks,
# but every kind of markup, script and bidi trick.
typed_text = hostile_text.map(
    lambda text: "".join(ch for ch in text if ch >= " " and ch not in "\x7f\x85\u2028\u2029")
).filter(lambda text: text.strip())
# Text a database accepts: PostgreSQL refuses NUL in text and JSON; those are the
# services' and forms' problem (tested through them), not the renderer's.
storable_text = hostile_text.map(lambda text: text.replace("\x00", ""))

MEGABYTE = "x" * (1024 * 1024)

# Tags that our templates never write around typed text, so their presence means escaping
# failed somewhere.
FOREIGN_TAGS = {"img", "svg", "iframe", "object", "embed", "style", "math", "base", "frame"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# The templates' own tags, the inline Markdown of claim texts and headings, which the
# renderer writes through nh3's allow-list (articles/markup.py), and the CSL rich text of
# reference titles (i, b, sup, sub, without attributes: references/richtext.py).
TEMPLATE_TAGS = {"a", "time", "span", "strong", "br", "p", "em", "sup", "sub", "i", "b"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._in_jsonld = tag == "script" and attributes.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)


def page_parse(html: str) -> _Page:
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser


def _scheme(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a URL's scheme.
    return "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()


def assert_no_markup_injected(html: str, *, baseline: str) -> None:
    """`html` (a page showing hostile text) has no element or attribute that the same page
    with harmless text (`baseline`) lacks, and no script-capable link."""
    import json

    page, calm = page_parse(html), page_parse(baseline)
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    calm_scripts = [attrs for tag, attrs in calm.tags if tag == "script"]
    assert len(scripts) == len(calm_scripts), "a <script> element was injected"
    # The site's own chrome has an icon <img> and <svg>: only more of them than the
    # harmless page has is an injection.
    page_foreign = Counter(tag for tag, _ in page.tags if tag in FOREIGN_TAGS)
    calm_foreign = Counter(tag for tag, _ in calm.tags if tag in FOREIGN_TAGS)
    injected = set(page_foreign - calm_foreign)
    assert not injected, f"injected elements: {injected}"
    allowed_tags = {tag for tag, _ in calm.tags}
    # Elements the templates themselves add around some text (links, dates, a <br> or <p>
    # for each line break a person typed) are not an injection.
    extra = {tag for tag, _ in page.tags} - allowed_tags - TEMPLATE_TAGS
    assert not extra, f"elements the harmless page does not have: {extra}"
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}=...> event handler injected"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert not _scheme(value or "").startswith(BAD_SCHEMES), f"<{tag} {name}={value}>"
    for body in page.jsonld:
        json.loads(body)  # raises if typed text broke out of, or broke, the JSON-LD


def row_counts() -> dict[str, int]:
    """Rows of every model of the content apps, history tables included: a refusal must
    leave every one of them as it was."""
    counts = {}
    for label in ("articles", "references", "reviews", "api"):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts
