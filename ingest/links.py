"""Links of an HTML page: which documents it points to, and which of them we may follow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urldefrag, urljoin, urlsplit

# Page chrome: links here lead to the rest of the site, not to the page's material.
CHROME_TAGS = {"nav", "header", "footer", "aside"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "menu", "menubar"}
CHROME_NAMES = re.compile(r"cookie|consent|menu|navigation|breadcrumb|skip-?link|megamenu", re.IGNORECASE)

# Links to these are media or archives, never text we can index; fetching them only costs time.
NON_DOCUMENT_SUFFIXES = {
    ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".mp3", ".mp4", ".mov", ".avi", ".webm",
    ".zip", ".rar", ".7z", ".gz", ".exe", ".dmg", ".css", ".js", ".ics", ".vcf", ".xml", ".rss",
}


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # anchor text, whitespace collapsed


def host_allowed(host: str, allow_domains: list[str]) -> bool:
    """True for an allowed domain or a subdomain of one (www.kl.dk matches kl.dk; evilkl.dk does not)."""
    host = host.lower().rstrip(".")
    for domain in allow_domains:
        domain = domain.lower().strip().rstrip(".").lstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def looks_like_media(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in NON_DOCUMENT_SUFFIXES


def _in_chrome(element) -> bool:
    for ancestor in element.iterancestors():
        tag = ancestor.tag if isinstance(ancestor.tag, str) else ""
        if tag.lower() in CHROME_TAGS or (ancestor.get("role") or "").lower() in CHROME_ROLES:
            return True
        if CHROME_NAMES.search(f"{ancestor.get('id') or ''} {ancestor.get('class') or ''}"):
            return True
    return False


def extract_links(html: bytes, page_url: str) -> list[Link]:
    """The http(s) links of a page, absolute and de-duplicated, in page order.

    Links inside menus, headers, footers and cookie banners are left out, because
    following a whole site menu would index the site instead of the page's material.
    If that leaves nothing (an unusual layout), every link is returned.
    """
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = page_url
    for element in root.iter("base"):
        if element.get("href"):
            base = urljoin(page_url, element.get("href").strip())
            break
    page = urldefrag(page_url).url
    content: dict[str, Link] = {}
    everything: dict[str, Link] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            url = urldefrag(urljoin(base, href)).url
        except ValueError:  # e.g. a malformed IPv6 host in the href
            continue
        if urlsplit(url).scheme not in ("http", "https") or url == page:
            continue
        text = " ".join(anchor.text_content().split()) or (anchor.get("title") or anchor.get("aria-label") or "").strip()
        for found in (everything,) if _in_chrome(anchor) else (everything, content):
            known = found.get(url)
            if known is None or (not known.text and text):  # keep the first link text that says something
                found[url] = Link(url, text)
    return list((content or everything).values())
