"""Per-page metadata: "Cite this page", BibTeX and RIS downloads, JSON-LD, search terms.

For every page with a `reviewed` date in its front matter, this hook builds
one record (title, URL, publisher, dates, licence) and hands it to the
template as `page.meta.cite`. overrides/main.html turns it into Highwire
`citation_*` tags, Open Graph and Twitter tags, schema.org JSON-LD and the
"Cite this page" box; on_post_build writes the page's .bib and .ris files
under cite/. It also draws the site's one social-card image at build time
with matplotlib's bundled font (no network).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
CARD = "assets/social-card.png"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Words readers type for the same thing (see docs/terminology.md). Added, hidden,
# to every page so that the site search finds a page whichever term is used.
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


def citation_text(r: dict) -> str:
    return (f"\u201c{r['title']}.\u201d {r['site_name']}. {r['url']}. "
            f"Law and figures reviewed {r['reviewed']}.")


def to_bibtex(r: dict) -> str:
    return (f"@misc{{{r['key']},\n"
            f"  author       = {{{{{r['publisher']}}}}},\n"
            f"  title        = {{{{{r['title']}}}}},\n"
            f"  howpublished = {{{r['site_name']}}},\n"
            f"  year         = {{{r['reviewed'][:4]}}},\n"
            f"  url          = {{{r['url']}}},\n"
            f"  urldate      = {{{r['reviewed']}}},\n"
            f"  note         = {{Law and figures reviewed {r['reviewed']}. Licensed {LICENSE_NAME}.}}\n"
            f"}}\n")


def to_ris(r: dict) -> str:
    lines = [
        ("TY", "ELEC"), ("AU", r["publisher"]), ("TI", r["title"]), ("T2", r["site_name"]),
        ("PB", r["publisher"]), ("PY", r["reviewed"][:4]), ("DA", r["reviewed"].replace("-", "/")),
        ("UR", r["url"]), ("Y2", r["reviewed"].replace("-", "/")),
        ("N1", f"Law and figures reviewed {r['reviewed']}. Licensed {LICENSE_NAME}."), ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


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
    return json.dumps(data, ensure_ascii=False, indent=None).replace("</", "<\\/")


def social_card_png(site_name: str, tagline: str) -> bytes:
    """One 1200x630 preview image for link previews, drawn with matplotlib's bundled DejaVu Sans."""
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(12, 6.3), dpi=100)
    fig.patch.set_facecolor("#283593")
    fig.text(0.06, 0.58, site_name, color="white", fontsize=54, fontweight="bold", family="DejaVu Sans")
    fig.text(0.06, 0.40, tagline, color="#e8eaf6", fontsize=24, family="DejaVu Sans", wrap=True)
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_records: dict[str, dict] = {}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _records.clear()
    files.append(File.generated(config, CARD, content=social_card_png(
        config.site_name, "Plain-language, fully sourced explainers on the law")))
    return files


def with_search_terms(html: str) -> str:
    """Append the synonyms in an element that is hidden from view and from screen readers."""
    return html + f'\n<p class="cle-search-terms" hidden>Search terms: {SEARCH_TERMS}.</p>\n'


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return with_search_terms(html) if page.meta.get("reviewed") else html


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    reviewed = page.meta.get("reviewed")
    if reviewed is None:
        return context
    try:
        record = page_record(
            title=page.meta.get("title") or page.title or config.site_name,
            description=page.meta.get("description") or config.site_description or "",
            url=page.canonical_url or page.abs_url or page.url,
            reviewed=str(reviewed),
            created=page.meta.get("git_creation_date_localized_raw_iso_date", ""),
            modified=page.meta.get("git_revision_date_localized_raw_iso_date", ""),
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
