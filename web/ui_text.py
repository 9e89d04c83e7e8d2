"""Every string the web UI shows, in Danish (the default) and English: one place to read and translate.

Answers follow the language of the question (danish.language); these strings follow the UI switch.
"""

from __future__ import annotations

from typing import Literal

UiLanguage = Literal["da", "en"]
LANGUAGES: dict[str, str] = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE: UiLanguage = "da"

TEXTS: dict[str, dict[str, str]] = {
    "page_title": {"da": "Boligsocialt arbejde – spørg KL's materiale", "en": "Social housing work – ask KL's material"},
    "title": {"da": "Boligsocialt arbejde", "en": "Social housing work"},
    "subtitle": {
        "da": "Spørg KL's materiale om boligsocialt arbejde. Hvert svar viser, hvor det står.",
        "en": "Ask KL's material on social housing work, in Danish or English. Every answer shows where it says so.",
    },
    "nav_chat": {"da": "Chat", "en": "Chat"},
    "nav_staff": {"da": "Medarbejdere", "en": "Staff"},
    "language_label": {"da": "Sprog / Language", "en": "Sprog / Language"},
    "new_chat": {"da": "Ny samtale", "en": "New conversation"},
    "history_heading": {"da": "Tidligere samtaler", "en": "Earlier conversations"},
    "history_empty": {"da": "Ingen gemte samtaler endnu.", "en": "No saved conversations yet."},
    "export": {"da": "Download samtalen (Markdown)", "en": "Download chat (Markdown)"},
    "export_file": {"da": "samtale-boligsocialt-arbejde.md", "en": "conversation-social-housing.md"},
    "chat_placeholder": {"da": "Stil et spørgsmål om materialet", "en": "Ask a question about the material"},
    "loading": {
        "da": "Gør klar: indlæser sprogmodel og indeks … Du kan stille dit spørgsmål om et øjeblik.",
        "en": "Getting ready: loading the language model and index … You can ask in a moment.",
    },
    "loading_placeholder": {"da": "Gør klar …", "en": "Getting ready …"},
    "question_too_long": {
        "da": "Dit spørgsmål er {length} tegn langt, men der er plads til {cap} tegn. Forkort det, og send det igen.",
        "en": "Your question is {length} characters long, but there is room for {cap}. Please shorten it and send it again.",
    },
    "question_shown": {"da": "… ({more} tegn mere)", "en": "… ({more} more characters)"},
    "retry": {"da": "Send spørgsmålet igen", "en": "Send the question again"},
    "retry_wait": {"da": "Du kan sende det igen om {seconds} s.", "en": "You can send it again in {seconds} s."},
    "index_unavailable": {
        "da": "Chatten kan ikke svare lige nu. Prøv igen senere.",
        "en": "The chat cannot answer right now. Please try again later.",
    },
    "not_found_title": {"da": "Siden findes ikke", "en": "Page not found"},
    "not_found": {
        "da": "Den adresse findes ikke her. / This address does not exist here.",
        "en": "This address does not exist here. / Den adresse findes ikke her.",
    },
    "back_to_chat": {"da": "Tilbage til chatten", "en": "Back to the chat"},
    "example_about": {"da": "Hvad handler »{title}« om?", "en": "What is \"{title}\" about?"},
    "intro": {
        "da": "Jeg svarer kun ud fra KL's side om boligsocialt arbejde og de dokumenter, den linker til. "
        "Hvert svar har numre som [1], der peger på kilderne under svaret. "
        "Står svaret ikke i materialet, siger jeg det.",
        "en": "I answer only from KL's page on social housing work (in Danish) and the documents it links to. "
        "Every answer has numbers such as [1] that point to the sources below it. "
        "If the material does not say, I tell you so.",
    },
    "sources_heading": {"da": "Materialet", "en": "The material"},
    "source_indexed": {"da": "indekseret", "en": "indexed"},
    "source_missing": {"da": "mangler endnu", "en": "not indexed yet"},
    "examples_heading": {"da": "Prøv fx at spørge:", "en": "For example, ask:"},
    "sources_label": {"da": "Kilder", "en": "Sources"},
    "related_label": {
        "da": "Det nærmeste, materialet kommer på spørgsmålet (ikke et svar):",
        "en": "The nearest the material comes to the question (not an answer):",
    },
    "page": {"da": "side {page}", "en": "page {page}"},
    "relevance": {"da": "Relevans: {score:.2f}", "en": "Relevance: {score:.2f}"},
    "open_source": {"da": "Åbn kilden ved citatet", "en": "Open the source at the quote"},
    "refusal_hint": {
        "da": "Materialet handler om {titles}. Prøv at spørge om noget, det dækker, fx »{example}«",
        "en": "The material covers {titles}. Try asking about something it covers, for example \"{example}\"",
    },
    "public_note": {
        "da": "Offentlig demo: Svarene kommer kun fra KL's materiale, som er listet på forsiden, "
        "og kan være ufuldstændige. Tjek altid kilden.",
        "en": "Public demo: answers come only from KL's material listed on the start page and may be "
        "incomplete. Always check the source.",
    },
    "rate_limited": {
        "da": "Du har stillet mange spørgsmål på kort tid. Vent {seconds} sekunder, og prøv så igen.",
        "en": "You have asked many questions in a short time. Please wait {seconds} seconds and try again.",
    },
    "error_internal": {
        "da": "Beklager, der gik noget galt, da svaret skulle findes. Prøv igen om lidt.",
        "en": "Sorry, something went wrong while finding the answer. Please try again in a moment.",
    },
    "index_missing": {
        "da": "Der er intet indeks endnu, så jeg kan ikke svare. Byg det med denne kommando, og genindlæs siden:",
        "en": "There is no index yet, so I cannot answer. Build it with this command, then reload the page:",
    },
    "index_problem": {"da": "Indekset kan ikke bruges:", "en": "The index cannot be used:"},
    "feedback_comment": {"da": "Kommentar (valgfri)", "en": "Comment (optional)"},
    "feedback_send": {"da": "Send kommentar", "en": "Send comment"},
    "feedback_saved": {"da": "Tak! Din bedømmelse er gemt.", "en": "Thank you! Your rating is saved."},
    "feedback_comment_saved": {"da": "Tak for kommentaren.", "en": "Thank you for the comment."},
    "feedback_failed": {"da": "Din bedømmelse kunne ikke gemmes lige nu.", "en": "Your rating could not be saved right now."},
    "notice": {"da": "Bemærk", "en": "Note"},
    # Staff page
    "staff_title": {"da": "Medarbejderside", "en": "Staff page"},
    "staff_public": {"da": "Medarbejdersiden findes ikke i den offentlige demo.", "en": "The staff page is not available in the public demo."},
    "staff_locked": {
        "da": "Siden er låst, fordi der ikke er sat en adgangskode (BOLIG_STAFF_PASSWORD).",
        "en": "The page is locked because no password is set (BOLIG_STAFF_PASSWORD).",
    },
    "password": {"da": "Adgangskode", "en": "Password"},
    "login": {"da": "Log ind", "en": "Log in"},
    "logout": {"da": "Log ud", "en": "Log out"},
    "wrong_password": {"da": "Forkert adgangskode.", "en": "Wrong password."},
    "too_many_attempts": {
        "da": "For mange forsøg. Vent {seconds} sekunder.",
        "en": "Too many attempts. Please wait {seconds} seconds.",
    },
    "index_status": {"da": "Indeksets status", "en": "Index status"},
    "chunks": {"da": "Tekststykker", "en": "Chunks"},
    "embedding_model": {"da": "Embedding-model", "en": "Embedding model"},
    "built_at": {"da": "Bygget", "en": "Built"},
    "build_id": {"da": "Build", "en": "Build"},
    "indexed_sources": {"da": "Indekserede kilder", "en": "Indexed sources"},
    "missing_sources": {"da": "Kilder, der ikke kunne indlæses", "en": "Sources that could not be loaded"},
    "no_missing": {"da": "Alle kilder er indlæst.", "en": "Every source is loaded."},
    "feedback_heading": {"da": "Feedback", "en": "Feedback"},
    "filter_rating": {"da": "Bedømmelse", "en": "Rating"},
    "rating_all": {"da": "Alle", "en": "All"},
    "rating_up": {"da": ":material/thumb_up: Godt", "en": ":material/thumb_up: Good"},
    "rating_down": {"da": ":material/thumb_down: Dårligt", "en": ":material/thumb_down: Bad"},
    "rating_value_up": {"da": "Godt", "en": "Good"},
    "rating_value_down": {"da": "Dårligt", "en": "Bad"},
    "filter_text": {"da": "Søg i spørgsmål, svar og kommentarer", "en": "Search questions, answers and comments"},
    "only_comments": {"da": "Kun med kommentar", "en": "Only with a comment"},
    "download_csv": {"da": "Download som CSV", "en": "Download as CSV"},
    "no_feedback": {"da": "Ingen feedback endnu.", "en": "No feedback yet."},
    "feedback_count": {"da": "{shown} af {total} bedømmelser", "en": "{shown} of {total} ratings"},
    # Column headers of the staff page's tables (keys are the rows' field names)
    "col_title": {"da": "Titel", "en": "Title"},
    "col_url": {"da": "Adresse", "en": "Address"},
    "col_kind": {"da": "Type", "en": "Type"},
    "col_chunks": {"da": "Tekststykker", "en": "Chunks"},
    "col_pages": {"da": "Sider", "en": "Pages"},
    "col_hidden": {"da": "Skjult tekst udeladt (tegn)", "en": "Hidden text left out (characters)"},
    "col_source": {"da": "Kilde", "en": "Source"},
    "col_reason": {"da": "Årsag", "en": "Reason"},
    "col_time": {"da": "Tidspunkt", "en": "Time"},
    "col_rating": {"da": "Bedømmelse", "en": "Rating"},
    "col_question": {"da": "Spørgsmål", "en": "Question"},
    "col_answer": {"da": "Svar", "en": "Answer"},
    "col_comment": {"da": "Kommentar", "en": "Comment"},
    "col_sources": {"da": "Kilder", "en": "Sources"},
    "col_backend": {"da": "Motor", "en": "Backend"},
    "col_language": {"da": "Sprog", "en": "Language"},
    # Export
    "export_heading": {"da": "Samtale om boligsocialt arbejde", "en": "Conversation about social housing work"},
    "export_when": {"da": "Eksporteret {when}", "en": "Exported {when}"},
    "question": {"da": "Spørgsmål", "en": "Question"},
    "answer": {"da": "Svar", "en": "Answer"},
}

EXAMPLES: dict[str, list[str]] = {
    "da": [
        "Hvad er et forebyggelsesområde?",
        "Hvad kritiserede KL i brevet til ministeren?",
        "Hvilke partier står bag aftalen?",
        "Hvem har KL lavet historierne sammen med?",
    ],
    "en": [
        "What is a prevention area?",
        "What did KL criticise in its letter to the minister?",
        "Which parties are behind the agreement?",
        "Which centre did KL work with on the stories?",
    ],
}


# The source each example is answered from (a part of its URL or title). An example is offered
# only while that source is indexed, so the start page never suggests asking about a missing one.
EXAMPLE_SOURCE = "boligsocialt-arbejde"  # all four are answered from KL's page itself
# Examples shown on the start page at most; sources without a curated example fill up to this.
MAX_EXAMPLES = 4


def ui_language(value: object) -> UiLanguage:
    """A known UI language, else the default (session state may hold anything)."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]


def t(key: str, lang: str, **values: object) -> str:
    """The UI string ``key`` in ``lang`` (Danish when missing), formatted with ``values``."""
    entry = TEXTS[key]
    text = entry.get(ui_language(lang)) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def document_language_script(lang: str) -> str:
    """A script that sets <html lang> to the UI's language (Streamlit's page says "en" always), so
    screen readers pronounce Danish as Danish (WCAG 3.1.1). Our own constant markup: only a known
    language code goes in."""
    return f'<script>document.documentElement.lang = "{ui_language(lang)}";</script>'


def examples(lang: str) -> list[str]:
    return EXAMPLES[ui_language(lang)]


def examples_for(lang: str, indexed: list[tuple[str, str | None]]) -> list[str]:
    """Example questions about what is indexed: the curated ones whose source is indexed, then
    (when the index holds other material) one question per indexed source, by its title."""
    def holds(part: str) -> bool:
        return any(part in (url or "") or part.lower() in title.lower() for title, url in indexed)

    chosen = list(examples(lang)) if holds(EXAMPLE_SOURCE) else []
    for title, url in indexed:
        if len(chosen) >= MAX_EXAMPLES:
            break
        if EXAMPLE_SOURCE not in (url or "") and title:
            chosen.append(t("example_about", lang, title=title))
    return chosen[:MAX_EXAMPLES]


def refusal_hint(lang: str, titles: list[str], example: str | None = None) -> str:
    """What to say under a refusal: what the material does cover, and a question that works."""
    names = ", ".join(f"»{title}«" if lang == "da" else f'"{title}"' for title in titles[:4]) or "KL"
    return t("refusal_hint", lang, titles=names, example=example or examples(lang)[0])
