"""What a question asks for, and whether a passage holds it: answer types, number words, person versus role."""

from __future__ import annotations

import pytest

from danish.words import content_stems
from qa.evidence import answer_in, focus_coverage, what_is_asked


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Hvem er direktør for Landsbyggefonden?", "person"),
        ("Who is the chair of the committee?", "person"),
        ("Hvem er den øverste myndighed i en almen boligorganisation?", None),  # a body answers this
        ("Hvor mange penge kan fonden bruge om året?", "amount"),
        ("Hvad koster det at leje en bolig?", "amount"),
        ("Hvor mange medlemmer har bestyrelsen?", "count"),
        ("Hvor meget må lejeforhøjelsen højst være?", "number"),
        ("Hvornår offentliggør ministeren listen?", "date"),
        ("Hvornår kan udlejeren opsige lejeren?", None),  # a condition, not a date
        ("Hvad forstås ved et forebyggelsesområde?", "definition"),
        ("Kan kommunen give tilskud til flytning?", "yesno"),
        ("I hvilke kommuner er der skolesamarbejder?", "place"),
        ("Hvornår er et boligområde et parallelsamfund?", None),  # a condition, not a date
        ("Hvornår er fristen for ansøgning?", "date"),
        ("Hvad er den gennemsnitlige levealder i området?", "number"),
        ("What is the unemployment rate in the area?", "number"),
        ("Hvad kaldes boligstøtte til pensionister?", "definition"),
        ("Hvad hedder aftalen, som regeringen præsenterede?", "title"),
        ("Hvad hedder ministeren?", "person"),  # a role: a person's name
        ("Hvad siger loven om, hvornår udlejeren kan opsige en lejer?", None),  # a condition, in a clause
        ("Hvad er andelen af beboere uden arbejde?", "number"),
        ("Can the deposit be increased when the rent goes up?", "yesno"),  # a yes/no start wins over "rent"
        ("Kan depositum forhøjes, når huslejen stiger?", "yesno"),
        ("What is the name of the current minister for housing?", "person"),
        ("Hvem bestemmer, hvor mange flygtninge en kommune skal modtage?", None),  # asks who, not how many
    ],
)
def test_kind_of_fact_asked_for(question, kind):
    assert what_is_asked(question).kind == kind


def test_a_role_is_not_an_answer_to_who_holds_it():
    asked = what_is_asked("Hvem er direktør for Landsbyggefonden?")
    assert answer_in("Direktøren for Landsbyggefonden ansættes af bestyrelsen.", asked) is None
    assert answer_in("Fonden ledes af direktør Bo Jensen, der tiltrådte i 2020.", asked) == "Bo Jensen"


@pytest.mark.parametrize(
    "sentence",
    ["Bestyrelsen består af tre medlemmer.", "Mindst en tredjedel af medlemmerne vælges af lejerne.",
     "Hver fjerde medlem udpeges af KL.", "Bestyrelsen har 1/3 af medlemmerne fra kommunerne."],
)
def test_numbers_in_words_and_fractions_answer_a_count(sentence):
    assert answer_in(sentence, what_is_asked("Hvor mange medlemmer har bestyrelsen?"))


def test_a_count_needs_the_number_next_to_what_is_counted():
    asked = what_is_asked("Hvor mange timer om ugen skal børn gå i dagtilbud?")
    assert answer_in("Jobtilbuddet skal have et omfang på 15 timer om ugen.", asked) == "15"
    assert answer_in("I 2018 kom 58 nye områder på listen over boliger.", asked) is None


def test_amounts_need_a_currency_or_a_percentage():
    asked = what_is_asked("Hvor mange penge kan fonden bruge om året?")
    assert answer_in("Fonden har en årlig ramme på 7,1 mio. kr. i perioden.", asked)
    assert answer_in("Fonden kan bruge midlerne til nedrivning.", asked) is None


def test_focus_weighs_rare_words_and_names_never_seen():
    idf = {"landsbyggefond": 3.0, "bol": 0.5, "direktør": 2.0}
    asked = what_is_asked("Hvem er direktør i Gellerup?")
    # "Gellerup" was never seen: a name weighs like the rarest word, so a passage without it falls well short.
    assert focus_coverage(asked.focus, content_stems("Direktøren ansættes af bestyrelsen."), idf, asked.names) < 0.5
    assert focus_coverage(frozenset(content_stems("landsbyggefonden bolig")), content_stems("Landsbyggefonden yder støtte."), idf) > 0.8


def test_spelling_slips_are_corrected_against_the_material():
    asked = what_is_asked("hvad er boligsocialt arbjde", {"arbjd": "arbejd"}.get)
    assert "arbejd" in asked.focus


def test_words_that_only_say_what_kind_of_fact_is_asked_are_not_the_focus():
    asked = what_is_asked("Hvor mange kvadratmeter må en almen ungdomsbolig højst være?")
    assert asked.focus == frozenset(content_stems("almen ungdomsbolig"))
    assert what_is_asked("Hvad forstås ved et udsat boligområde?").focus == frozenset(content_stems("udsat boligområde"))


def test_an_article_is_not_a_number():
    asked = what_is_asked("Hvor stor en andel af beboerne er i arbejde?")
    assert answer_in("En stor andel af beboerne er i arbejde.", asked) is None
    assert answer_in("Andelen er 40 pct.", asked) == "40 pct."


def test_a_law_reference_or_a_year_is_not_the_size_asked_for():
    asked = what_is_asked("Hvor stort er tilskuddet til skæve boliger?")
    assert answer_in("Bekendtgørelse nr. 138 af 17. februar 2009 ophæves.", asked) is None
    assert answer_in("Tilskuddet udgør højst 425.000 kr. pr. bolig.", asked) == "425.000 kr."


def test_a_person_answers_only_in_the_role_asked_about_and_for_whom_it_was_asked():
    sentence = "Artiklen uddybes af Leon Sebbelin formand for KL’s Kultur, Erhverv og Plan-udvalg."
    # The committee's chair is not KL's chair.
    assert answer_in(sentence, what_is_asked("Hvem er formand for KL?")) is None
    assert answer_in(sentence, what_is_asked("Hvem er formand for KL's Kultur, Erhverv og Plan-udvalg?")) == "Leon Sebbelin"
    # A minister's name does not answer who the chair is.
    minister = "KL har sendt et brev til bolig- og indenrigsministeren Kaare Dybvad Bek."
    assert answer_in(minister, what_is_asked("Hvem er formand for KL?")) is None
    assert answer_in(minister, what_is_asked("Hvem er boligministeren?")) == "Kaare Dybvad Bek"


def test_a_date_answers_only_next_to_what_was_asked_about():
    asked = what_is_asked("Hvilket år præsenterede regeringen aftalen?")
    far = "Den 15. juni præsenterede regeringen aftalen, som er en opdatering af lovgivningen fra 2018."
    assert answer_in(far, asked) is None  # 2018 is the law's year
    assert answer_in("I 2021 præsenterede regeringen aftalen.", asked) == "2021"
    assert answer_in(far, what_is_asked("Hvornår præsenterede regeringen aftalen?")) == "juni"


def test_a_title_is_in_quotes_after_saakaldt_or_a_title_line():
    asked = what_is_asked("Hvad hedder aftalen, som regeringen præsenterede?")
    quoted = "Regeringen præsenterede aftalen ”Blandede boligområder – næste skridt”, som er en opdatering."
    assert answer_in(quoted, asked) == "Blandede boligområder – næste skridt"
    assert answer_in("Det er et såkaldt forebyggelsesområde.", asked) == "forebyggelsesområde"
    assert answer_in("Beskæftigelsesindsatser i udsatte boligområder", asked) == "Beskæftigelsesindsatser i udsatte boligområder"
    # A sentence that only says there is one names nothing.
    assert answer_in("KL har sammen med en række kommuner udarbejdet en publikation om indsatserne.", asked) is None


def test_a_role_of_something_written_in_lower_case_does_not_hide_the_person():
    """Only a named owner ("formand for KL's udvalg") can make the role someone else's."""
    asked = what_is_asked("Hvem er direktør for Landsbyggefonden?")
    assert answer_in("Landsbyggefonden ledes af Bo Jensen, der er direktør for fonden og ansættes af bestyrelsen.", asked) == "Bo Jensen"
