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
    "explain mention mentioned called "
    # Verbs and adverbs that carry no topic ("Hvem har KL lavet historierne sammen med?").
    "lave laver lavet lavede gøre gør gjort gjorde handle handler handlede sammen mellem bruge bruges bruger brugt "
    "give giver givet få får fået findes ifølge mest meget nogle hele helt ved vide kende kendt siger sagt bag "
    "make made do does done handle use used give given get got about regarding"
)

# Pronouns that can only point back ("Hvem udpeger dem?", "Hvor uddyber han ..."); "den/det/de" are often
# articles and are judged by the word after them (FOLLOW_UP_POINTER_NEXT).
STRONG_REFERRING_WORDS = frozenset({
    "dem", "deres", "han", "hun", "ham", "hende", "hans", "hendes", "dette", "disse", "sådan", "sådant", "sådanne",
    "they", "them", "their", "he", "she", "him", "her", "his", "it", "its", "those", "these", "such",
})
# After a pronoun "den/det/de" these words show it stands alone: "Hvem skal godkende den?", "Hvad er den en
# opdatering af?", "Hvor længe vælges de for?"; a noun or adjective after it makes it an article.
FOLLOW_UP_POINTER_NEXT = frozenset({
    "en", "et", "ikke", "for", "til", "med", "om", "af", "på", "i", "sammen", "kan", "skal", "må", "vil", "er", "var",
    "blev", "bliver", "har", "havde", "ud", "op", "ind",
})
# Openings that continue the conversation ("Og i et forebyggelsesområde?", "Hvad med Aarhus?").
FOLLOW_UP_OPENINGS = ("og", "men", "hvad med", "hvad så med", "and", "but", "what about", "how about")
# First words of a question ("Og Viborg?" asks; "Hej" does not).
QUESTION_STARTS = frozenset({
    "hvad", "hvem", "hvor", "hvornår", "hvilke", "hvilken", "hvilket", "hvordan", "hvorfor", "og",
    "what", "who", "where", "when", "which", "how", "why", "and",
})
# First words of a source sentence that leans on the one before it ("Heri rettede KL en kritik"): quoted
# alone, it would not say what "heri" is. ("Det"/"Den" are left out: mostly they are articles.)
DEPENDENT_STARTS = frozenset({
    "heri", "hertil", "herudover", "heraf", "dette", "denne", "disse", "derfor", "dermed", "desuden", "endvidere",
    "samtidig", "ligeledes", "herefter", "derudover",
})
# Words with which a sentence defines its subject ("Ved et forebyggelsesområde forstås ...").
DEFINING_WORDS = ("forstås", "defineres", "betyder", "betegnes", "benævnes", "kaldes", "dvs")
# The words a law defines with ("Ved ... forstås", "... betegnes i loven ..."): searched with a definition question.
DEFINITION_SEARCH_WORDS = "forstås defineres betegnes"

# Function words that tell Danish from English before any statistical detector is asked.
DANISH_FUNCTION_WORDS = frozenset({
    "hvad", "hvem", "hvor", "hvornår", "hvilke", "hvilken", "hvordan", "hvorfor", "er", "og", "det", "ikke", "af",
    "til", "om", "kan", "har",
})
ENGLISH_FUNCTION_WORDS = frozenset({
    "what", "who", "where", "when", "which", "how", "why", "is", "the", "and", "does", "did", "of", "to", "about",
    "can", "has", "many", "much", "must", "in", "on", "with", "there", "was", "were",
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

# Abbreviations that end in a full stop without ending the sentence (legal and common Danish). "m.v.",
# "m.m.", "kr." and "pct." are left out on purpose: they often close one ("... boliger m.v. Stk. 2.").
ABBREVIATIONS = (
    "stk", "nr", "pkt", "jf", "bl.a", "f.eks", "ca", "mio", "mia", "pr", "vedr", "iht", "dvs", "evt",
    "inkl", "ekskl", "kap", "lbk", "bkg", "tlf", "hhv", "mht", "ifm", "jan", "feb", "aug", "sept", "okt", "nov", "dec",
)
# Amendment acts repeat the consolidated act's text; a source whose title starts so ranks below the act itself.
AMENDMENT_TITLE_STARTS = ("lov om ændring", "bekendtgørelse om ændring", "ændringslov")

# Roles held by a person: "Hvem er direktør for X?" asks for a name, not for the role.
PERSON_ROLES = (
    "direktør", "direktøren", "formand", "formanden", "næstformand", "minister", "ministeren", "borgmester",
    "borgmesteren", "leder", "lederen", "chef", "chefen", "ordfører", "ordføreren", "forfatter", "forfatteren",
    "director", "chair", "chairman", "chairperson", "minister", "mayor", "head", "ceo", "author", "president",
)
# Words that only say what kind of fact is asked for, never what the question is about: "Hvad forstås ved
# ...", "Hvor mange kvadratmeter må ... højst være?" (the law writes "kan ikke overstige 50 m²").
KIND_WORDS = (
    "mange meget penge beløb antal hvornår år dato hvem hvor ligger many much money amount number year date "
    "forstås menes betyder defineres kvadratmeter procent kroner højst mindst maksimalt stor stort store pr gammel høj højt lang længe"
)
# Asking for the name of a thing ("Hvad hedder aftalen?"): a title answers, in quotes, capitals or a title line.
ASKS_TITLE_PHRASES = ("hvad hedder", "hvad er navnet på", "hvad er titlen på", "what is the name of", "what's the name of", "what is the title of")
# Phrases that ask for a name: with a role after them ("Hvad hedder ministeren?"), a person's name.
ASKS_NAME_PHRASES = ("hvem", "who", "name of", *ASKS_TITLE_PHRASES)
# "et såkaldt forebyggelsesområde" names a thing.
NAMING_WORDS = ("såkaldt", "såkaldte", "kaldet", "so-called", "called")
# The material is about Denmark: an English question that names it ("in Denmark", "Danish social housing")
# narrows nothing down.
IMPLIED_NAMES = frozenset({"denmark", "danish", "danmark", "dansk", "danske"})
# Counts written in words, and fractions ("hver fjerde", "en tredjedel", "halvdelen").
FRACTION_WORDS = (
    "halvdel", "halvdelen", "halvt", "tredjedel", "tredjedele", "fjerdedel", "fjerdedele", "femtedel", "tiendedel",
    "anden", "andet", "tredje", "fjerde", "femte", "sjette", "tiende", "half", "third", "quarter",
)
PLACE_PHRASES = (
    "hvor ligger", "hvor i landet", "i hvilken by", "i hvilken kommune", "i hvilke kommuner", "i hvilket område",
    "hvilken kommune", "hvilke kommuner", "where is", "where are", "in which city", "in which municipality",
    "which municipality", "which municipalities",
)
DEFINITION_PHRASES = (
    "hvad er", "hvad forstås ved", "hvad menes med", "hvad betyder", "hvad dækker", "hvad er definitionen på",
    "what is", "what are", "what is meant by", "define", "hvad kaldes", "hvad betegnes",
)
YES_NO_STARTS = (
    "kan", "skal", "må", "har", "er", "bliver", "gælder", "får", "bør", "findes",
    "can", "must", "may", "is", "are", "does", "do", "has", "have", "should", "will",
)
# "Hvornår kan/skal ..." asks for a condition ("når ejendommen skal nedrives"), not a date.
CONDITION_VERBS = ("kan", "må", "skal", "bør", "can", "may", "must", "should")
# Sentences that point at what is not quoted ("Læs brevet her", "herunder ...:") are never an answer.
LINK_PHRASES = ("læs mere", "læs brevet", "læs høringssvaret", "læs artiklen", "klik her", "se mere", "read more")
POINTER_PHRASES = ("nedenfor", "herunder", "følgende")

# How units are written in the material, so "Hvor mange kvadratmeter ...?" finds "50 m²".
UNIT_ABBREVIATIONS = {
    "kvadratmeter": ("m²", "m2", "kvm", "kvadratmeter"), "procent": ("pct.", "%", "procent"), "kroner": ("kr.", "kroner"),
    "måneder": ("mdr.", "måned"), "timer": ("timer", "t."), "meter": ("m", "meter"),
}
# Units of time that answer "Hvor længe ...?" ("i 3 år", "4 uger").
TIME_UNITS = ("år", "måned", "måneder", "mdr", "uge", "uger", "dag", "dage", "døgn", "time", "timer", "years", "months", "weeks", "days")
ASKS_DURATION_PHRASES = (
    "hvor længe", "hvor lang tid", "hvor mange år", "hvor mange måneder", "how long", "how many years", "how many months",
)
ASKS_SIZE_PHRASES = (
    "hvor stor", "hvor stort", "hvor store", "hvor høj", "hvor højt", "hvor lang", "hvor gammel", "how big", "how large",
    "how high", "how old", r"hvad er den gennemsnitlige", r"hvad er det gennemsnitlige", "what is the average",
    # A rate or a share is a number too: "What is the unemployment rate ...?", "Hvad er andelen af ...?"
    r"what is the (?:\w+ )?(?:rate|share|percentage|proportion)", r"hvad er (?:\w+ )?(?:andelen|procentdelen|satsen)",
)
# Words that make a run of capitalised words an institution, not a person ("Lejernes Landsorganisation").
INSTITUTION_PARTS = (
    "kommune", "organisation", "ministeri", "styrelse", "fond", "råd", "nævn", "selskab", "center", "danmark",
    "region", "forening", "institut", "udvikling", "landsbyggefond", "folkeparti", "parti", "venstre", "alliance",
    "altinget", "retsinformation", "ministry", "council", "agency", "foundation",
)
ASKS_YEAR_PHRASES = ("hvilket år", "i hvilket år", "hvilket årstal", "what year", "which year", "in what year")
# "Social- og boligministeren": a dash before these words is a real dash, never a word broken at a line end.
DASH_CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "and", "or"})
