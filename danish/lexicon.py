"""Every word list of the product, in one place. Lists hold surface forms unless they say "stems"."""

from __future__ import annotations

# Question and function words that say nothing about the topic asked about (compared as stems).
QUESTION_STEMS = frozenset({
    "hvad", "hvem", "hvor", "hvornår", "hvilk", "hvilken", "hvilket", "hvordan", "hvorfor", "mang", "meget",
    "what", "who", "where", "when", "which", "how", "why", "many", "much", "does", "did", "is", "are", "the",
    "of", "to", "in", "a", "an", "and", "that", "this", "about", "for", "on", "with", "do",
})

# Words that point at the material or the asking, not at what is asked about ("ifølge siden", "hvad hedder").
FILLER_WORDS = (
    "ifølge siden side siderne teksten tekst materialet dokumentet dokumenterne står nævnt nævnes nævner hedder "
    "kaldes beskriv beskriver fortæl fortæller forklar forklarer according page text material document say says tell "
    "explain mention mentioned called"
)

# Pronouns and pointers that make a short question lean on the one before it.
REFERRING_WORDS = frozenset({
    "de", "den", "det", "dem", "deres", "han", "hun", "ham", "hende", "dette", "disse", "der", "dér", "samme",
    "they", "them", "their", "it", "its", "he", "she", "him", "her", "this", "that", "those", "these", "there",
})
# First words of a question ("Og Viborg?" asks; "Hej" does not).
QUESTION_STARTS = frozenset({
    "hvad", "hvem", "hvor", "hvornår", "hvilke", "hvilken", "hvilket", "hvordan", "hvorfor", "og",
    "what", "who", "where", "when", "which", "how", "why", "and",
})
# First words of a source sentence that continues the one before it ("Heri rettede KL en kritik").
CONTINUATION_STARTS = frozenset({
    "heri", "her", "det", "dette", "den", "denne", "de", "disse", "der", "derfor", "dermed", "samtidig", "hertil",
})

# Function words that tell Danish from English before any statistical detector is asked.
DANISH_FUNCTION_WORDS = frozenset({
    "hvad", "hvem", "hvor", "hvornår", "hvilke", "hvilken", "hvordan", "hvorfor", "er", "og", "det", "ikke", "af",
    "til", "om", "kan", "har",
})
ENGLISH_FUNCTION_WORDS = frozenset({
    "what", "who", "where", "when", "which", "how", "why", "is", "the", "and", "does", "did", "of", "to", "about",
    "can", "has",
})

# English names of Danish things, so an English question is not refused for saying "Copenhagen".
EXONYMS = {
    "denmark": "danmark", "danish": "dansk", "copenhagen": "københavn", "elsinore": "helsingør",
    "january": "januar", "february": "februar", "march": "marts", "may": "maj", "june": "juni", "july": "juli",
    "october": "oktober", "monday": "mandag", "local government denmark": "kl",
}
# Capitalised words that are not names.
NOT_NAMES = frozenset({"i", "kl's", "ok"})

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "hverdag", "weekend")
NUMBER_WORDS = (
    "en", "et", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv", "tyve", "hundrede",
    "tusind", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundred", "thousand",
)
CURRENCY_WORDS = ("kr.", "kroner", "dkk", "mio.", "mia.", "millioner", "milliarder", "euro")

# What a question asks for, by the words that ask it.
ASKS_PRICE_WORDS = (
    r"koste[rt]?", r"pris(?:en)?", r"husleje(?:n)?", r"udgift(?:en|er)?", r"budget(?:tet)?", r"bevilling(?:en)?",
    r"cost[s]?", "price", "rent", r"spend[s]?", "budget", "funding",
)
ASKS_DATE_PHRASES = ("hvornår", "hvilket år", "hvilken dato", "when", "what year", "which year", "what date")
ASKS_COUNT_PHRASES = ("hvor mange", "hvor meget", "how many", "how much", r"antal(?:let)?")
