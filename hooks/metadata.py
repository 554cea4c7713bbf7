"""Per-page metadata: "Cite this page", BibTeX and RIS downloads, JSON-LD, titles, search terms.

For every page with a `reviewed` date in its front matter, this hook builds
one record (title, URL, publisher, dates, licence) and hands it to the
template as `page.meta.cite`. overrides/main.html turns it into Highwire
`citation_*` tags, Open Graph and Twitter tags, schema.org JSON-LD and the
"Cite this page" box; on_post_build writes the page's .bib and .ris files
under cite/. Each page's link-preview card is drawn by hooks/cards.py.

Every value a page supplies (title, description) is untrusted: the BibTeX and
RIS writers pass it through `bibtex_value` and `ris_value` (no line break, so
no injected field or record; braces and TeX specials escaped), and the JSON-LD
has `<`, `>` and `&` written as \\u escapes so no text can close its script
element. The site, an institution, is written as a corporate author: in
double braces in BibTeX (`author = {{CSAM Law Explained}}`), and in RIS with
a trailing comma (`AU  - CSAM Law Explained,`), EndNote's documented
convention for a corporate author, which Zotero's RIS import also keeps whole
as one name. Neither file carries an "accessed" date (`urldate`, `Y2`): that
date is the reader's, not ours.

One title per page. A page has three titles, and this hook keeps them in
step: the H1 is the page's title (usually the reader's question); the
citation title, `<title>`, Open Graph, JSON-LD and the cite box all use the
H1's text (the home page's H1 is the site's name); the navigation label is
the short form in the page's front matter `title:`. mkdocs.yml lists pages
without labels, so the nav cannot drift from the front matter; the build
fails on a labelled page in `nav:` and on a page without exactly one H1.

Search synonyms (SEARCH_TERMS) go into the search index as a separate field,
`keywords`, of each page's first entry, and the page's navigation label as
`label` (mkdocs.yml declares both fields and their weights); they are not
written into the page, where hidden text would read as spam to search
engines and be picked up by article extractors.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from frontmatter import plain_text
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Words readers type for the same thing (see docs/terminology.md). Added to
# every page's search-index entry so that the site search finds a page
# whichever term is used.
SEARCH_TERMS = ("child sexual abuse material, CSAM, child pornography, child sexual exploitation "
                "material, CSEM, indecent images of children, child abuse images")


def slug(src_uri: str) -> str:
    """A stable file name for a page: 'mens-rea/index.md' -> 'mens-rea'."""
    stem = re.sub(r"(^|/)index\.md$", "", src_uri).removesuffix(".md")
    return stem.replace("/", "-") or "home"


def page_record(*, title: str, description: str, url: str, reviewed: str, created: str,
                modified: str, site_name: str, src_uri: str, pdf_url: str = "") -> dict:
    """Everything a citation of this page needs, as plain data."""
    if not ISO_DATE.match(reviewed):
        raise ValueError(f"'reviewed' must be a date written YYYY-MM-DD (found '{reviewed}')")
    return {
        "title": title, "description": description, "url": url, "reviewed": reviewed,
        "created": created or reviewed, "modified": modified or reviewed,
        "site_name": site_name, "publisher": site_name, "license": LICENSE_URL,
        "slug": slug(src_uri), "pdf_url": pdf_url,
        "key": re.sub(r"[^a-z]", "", site_name.lower()) + reviewed[:4] + re.sub(r"[^a-z0-9]", "", slug(src_uri)),
    }


def one_line(value) -> str:
    """The value as one line: every line break, tab and control character becomes a space."""
    text = "".join(" " if ord(ch) < 32 or ch in "\x7f\x85\u2028\u2029" else ch for ch in str(value))
    return " ".join(text.split())


TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def bibtex_value(value) -> str:
    """Text for a BibTeX field in braces: one line, TeX specials escaped, braces always balanced.

    BibTeX counts braces even after a backslash, so a lone brace is written
    as \\textbraceleft{} or \\textbraceright{} and a matched pair as \\{ \\}.
    """
    text = one_line(value)
    opened, closed, stack = set(), set(), []
    for i, ch in enumerate(text):
        if ch == "{":
            stack.append(i)
        elif ch == "}" and stack:
            opened.add(stack.pop())
            closed.add(i)
    out = []
    for i, ch in enumerate(text):
        if ch in "{}" and i not in opened and i not in closed:
            out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(TEX_SPECIALS.get(ch, ch))
    return "".join(out)


def ris_value(value) -> str:
    """Text for one RIS line: no line break, so it cannot start a tag or a record."""
    return one_line(value)


def citation_text(r: dict) -> str:
    return (f"\u201c{r['title']}.\u201d {r['site_name']}. {r['url']}. "
            f"Law and figures reviewed {r['reviewed']}.")


def to_bibtex(r: dict) -> str:
    """The page as one BibTeX entry; the site is a corporate author, in double braces."""
    b = {name: bibtex_value(r[name]) for name in ("publisher", "title", "site_name", "reviewed")}
    url = one_line(r["url"]).replace("{", "%7B").replace("}", "%7D")  # a URL is not TeX: keep it verbatim
    return (f"@misc{{{r['key']},\n"
            f"  author       = {{{{{b['publisher']}}}}},\n"
            f"  title        = {{{{{b['title']}}}}},\n"
            f"  howpublished = {{{b['site_name']}}},\n"
            f"  year         = {{{b['reviewed'][:4]}}},\n"
            f"  url          = {{{url}}},\n"
            f"  note         = {{Law and figures reviewed {b['reviewed']}. Licensed {LICENSE_NAME}.}}\n"
            f"}}\n")


def to_ris(r: dict) -> str:
    """The page as one RIS record; the site is a corporate author (trailing comma)."""
    lines = [
        ("TY", "ELEC"), ("AU", r["publisher"] + ","), ("TI", r["title"]), ("T2", r["site_name"]),
        ("PB", r["publisher"]), ("PY", r["reviewed"][:4]), ("DA", r["reviewed"].replace("-", "/")),
        ("UR", r["url"]),
        ("N1", f"Law and figures reviewed {r['reviewed']}. Licensed {LICENSE_NAME}."), ("ER", ""),
    ]
    return "".join(f"{tag}  - {ris_value(value)}\r\n" for tag, value in lines)


def json_ld(r: dict) -> str:
    data = {
        "@context": "https://schema.org", "@type": "Article",
        "headline": r["title"], "description": r["description"], "url": r["url"],
        "mainEntityOfPage": r["url"], "inLanguage": "en",
        "datePublished": r["created"], "dateModified": r["modified"],
        "author": {"@type": "Organization", "name": r["publisher"]},
        "publisher": {"@type": "Organization", "name": r["publisher"]},
        "license": r["license"],
    }
    return script_json(data)


def script_json(data) -> str:
    """JSON safe inside <script>: '<', '>' and '&' as \\u escapes, so '</script>' or '<!--' in a
    value cannot end the element or open a comment that swallows the page."""
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_records: dict[str, dict] = {}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _records.clear()
    return files


H1 = re.compile(r"<h1\b[^>]*>(?P<text>.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")


def h1_titles(content: str) -> list[str]:
    """The text of every H1 in rendered page content (without Material's permalink)."""
    out = []
    for match in H1.finditer(content):
        inner = re.sub(r'<a class="headerlink".*?</a>', "", match["text"], flags=re.S)
        out.append(" ".join(html.unescape(TAG.sub("", inner)).split()))
    return out


def labelled_nav_pages(nav, trail: str = "nav") -> list[str]:
    """Pages given a label in mkdocs.yml's nav (`Label: page.md`), which would hide the front matter title."""
    found = []
    for item in nav or []:
        if isinstance(item, dict):
            for label, value in item.items():
                if isinstance(value, str) and value.endswith(".md"):
                    found.append(f"{trail} > {label}: {value}")
                elif isinstance(value, list):
                    found += labelled_nav_pages(value, f"{trail} > {label}")
    return found


def add_keywords(entries: list[dict], url: str, keywords: str, label: str = "") -> bool:
    """Give the search-index entry of the page at `url` its synonyms (`keywords`) and its
    navigation label (`label`, so that "mens rea" finds the page the nav calls "Mens rea"
    although its H1 is a question); False if the page has no entry."""
    for entry in reversed(entries):
        if entry.get("location") == url:
            entry["keywords"] = keywords
            if label and label != entry.get("title"):
                entry["label"] = label
            return True
    return False


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    labelled = labelled_nav_pages(config.nav)
    if labelled:
        raise PluginError(
            "mkdocs.yml: list pages in `nav:` without a label (write `- page.md`); the navigation label is "
            "the short title in the page's front matter (`title:`). Labelled: " + "; ".join(labelled))
    return config


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("reviewed") is None:
        return content
    titles = h1_titles(content)
    if len(titles) != 1 or not titles[0]:
        raise PluginError(f"docs/{page.file.src_uri}: a page needs exactly one H1 (`# Title {{#id}}`), "
                          f"its title as readers see it; found {len(titles)}")
    page.meta["h1"] = titles[0]
    return content


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    reviewed = page.meta.get("reviewed")
    if reviewed is None:
        return context
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and getattr(search, "search_index", None) is not None:
        if not add_keywords(search.search_index.entries, page.url, SEARCH_TERMS, str(page.meta.get("title") or "")):
            raise PluginError(f"docs/{page.file.src_uri}: no search-index entry to add the search terms to")
    try:
        record = page_record(
            title=plain_text(page.meta.get("h1") or page.title or config.site_name),
            description=plain_text(page.meta.get("description") or config.site_description or ""),
            url=page.canonical_url or page.abs_url or page.url,
            reviewed=str(reviewed),
            created=page.meta.get("first_commit", ""),  # hooks/history.py
            modified=page.meta.get("last_commit", ""),
            site_name=config.site_name, src_uri=page.file.src_uri,
            pdf_url=page.meta.get("pdf_url", ""),
        )
    except ValueError as exc:
        raise PluginError(f"docs/{page.file.src_uri}: front matter: {exc}") from exc
    record["text"] = citation_text(record)
    record["json_ld"] = json_ld(record)
    page.meta["cite"] = record
    _records[record["slug"]] = record
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    out = Path(config.site_dir) / "cite"
    out.mkdir(parents=True, exist_ok=True)
    for name, record in _records.items():
        (out / f"{name}.bib").write_text(to_bibtex(record), encoding="utf-8")
        (out / f"{name}.ris").write_text(to_ris(record), encoding="utf-8", newline="")
