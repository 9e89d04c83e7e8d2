"""English words of the material's field (housing, law, municipalities) and their Danish counterparts.

The small embedding model matches English questions to Danish text poorly, and BM25 knows no English,
so an English question is searched, and checked against its best passage, with the Danish words of its
terms. An English question that uses none of these terms is not about the material at all ("Tell me a
joke"). Terms are matched by their English stems ("areas", "demolished", "organisations"), longest first.
Written by hand for this field: no offline translation model is available on these machines.
"""

from __future__ import annotations

import re
from functools import lru_cache

from danish.language import reads_as_danish
from danish.lexicon import EXONYMS, IMPLIED_NAMES

# One term a line: "english words = danske ord". Several Danish words are all searched for.
_TERMS = """
social housing = almene boliger | public housing = almene boliger | non-profit housing = almene boliger
housing organisation = boligorganisation | housing organization = boligorganisation | housing association = boligorganisation
housing company = boligselskab | housing area = boligområde | residential area = boligområde | area = område
housing = bolig | dwelling = bolig | home = bolig | apartment = lejlighed | flat = lejlighed | room = værelse
unit = bolig | residential building = beboelsesejendom | building = bygning byggeri
property = ejendom | estate = afdeling | department = afdeling | housing department = afdeling
vulnerable = udsat udsatte | deprived = udsat | disadvantaged = udsat | ghetto = ghettoområde | hard ghetto = hårdt ghettoområde
parallel society = parallelsamfund | transformation area = omdannelsesområde | prevention area = forebyggelsesområde
mixed = blandede | mixed housing areas = blandede boligområder | development plan = udviklingsplan | development = udvikling
national building fund = landsbyggefonden | building fund = landsbyggefonden | landsbyggefonden = landsbyggefonden
disposition fund = dispositionsfond | fund = fond | new construction fund = nybyggerifonden
municipality = kommune kommunalbestyrelsen | municipal = kommunal kommunalbestyrelsen | municipal council = kommunalbestyrelse
local council = kommunalbestyrelse | council = kommunalbestyrelse | region = region | state = staten | government = regeringen
parliament = folketinget | minister = minister | ministry = ministeriet | interior = indenrigs | social affairs = social
agency = styrelse | immigration service = udlændingestyrelsen | authority = myndighed | supreme authority = øverste myndighed
board = bestyrelse | board of representatives = repræsentantskab | general meeting = generalforsamling
residents meeting = afdelingsmøde | department meeting = afdelingsmøde | chair = formand | chairman = formand
director = direktør | members = medlemmer | member = medlem | elected = valgt vælges | election = valg | committee = udvalg
tenant = lejer | tenants = lejere | tenancy = lejeforhold lejemål | tenancy agreement = lejeaftale lejekontrakt
lease = lejeaftale lejekontrakt | landlord = udlejer | owner = ejer | rent = leje husleje | rental = udlejning leje
rent out = udleje udlejning | letting = udlejning | sublet = fremleje | sublease = fremleje | subtenant = fremlejetager
deposit = depositum | prepaid rent = forudbetalt leje | prepaid = forudbetalt | notice = opsigelse varsel
notice period = opsigelsesvarsel | terminate = opsige | termination = opsigelse | give notice = opsige
evict = ophæve | eviction = ophævelse | cancel = ophæve | move in = indflytning | move out = fraflytning fraflytter
moving = flytning | vacate = fraflytte | vacant = ledig ledige | house rules = husorden | pet = husdyr | dog = hund
guide dog = førerhund servicedyr | assistance dog = servicedyr | keep = holde | blind = blinde | disabled = handicappede funktionsnedsættelse
disability = funktionsnedsættelse | repair = vedligeholdelse istandsættelse | maintenance = vedligeholdelse | defect = mangel mangler
renovation = renovering | improvement = forbedring | modernisation = modernisering | modernization = modernisering
heating = varme | heating accounts = varmeregnskab | water = vand | accounts = regnskab | budget = budget
dispute = uenighed tvist | complaint = klage | appeal = klage | complaints board = beboerklagenævn | tenant complaints board = beboerklagenævn
rent tribunal = huslejenævn | rent board = huslejenævn | housing court = boligret | court = retten boligretten
tenant democracy = beboerdemokrati | residents = beboere | resident = beboer | inhabitants = beboere | occupants = beboere
waiting list = venteliste | waiting = venteliste ventetid | waiting time = ventetid | allocation = anvisning udlejning
allocate = anvise | assign = anvise | flexible letting = fleksibel udlejning | combined letting = kombineret udlejning
youth housing = ungdomsboliger | student housing = ungdomsboliger | elderly = ældre ældreboliger | elderly housing = ældreboliger
nursing home = plejebolig plejehjem | nursing = plejebolig | family housing = familieboliger | common rooms = fælleslokaler
common facilities = fælleslokaler | homeless = hjemløse | refugee = flygtning | refugees = flygtninge | house = bolig boligplacere
housed = boligplacere | students = studerende | young people = unge | children = børn | child = barn | family = familie
household = husstand | spouse = ægtefælle | cohabitant = samlever | death = død dødsfald | dies = død | pensioner = pensionist
pensioners = pensionister | applicant = ansøger | application = ansøgning | housing benefit = boligstøtte
benefit = boligstøtte | housing allowance = boligsikring boligydelse | rent subsidy = boligstøtte | urban renewal = byfornyelse
renewal = fornyelse | demolition = nedrivning | demolish = nedrive nedrives | conversion = omdannelse | convert = omdanne
sale = salg | sell = sælge salg | buy = købe køb erhverve | purchase = køb købe erhvervelse | purchase price = købesum
replacement housing = erstatningsbolig | replacement dwelling = erstatningsbolig | rehousing = genhusning | rehouse = genhuse
income = indkomst | employment = beskæftigelse | unemployment = arbejdsløshed ledighed | unemployment rate = arbejdsløshed ledighed | education = uddannelse | crime = kriminalitet
convicted = dømte | immigrants = indvandrere | descendants = efterkommere | non-western = ikkevestlige | share = andel
proportion = andel | percentage = pct procent | per cent = pct procent | percent = pct procent | average = gennemsnit gennemsnitlig
grant = tilskud | subsidy = tilskud | support = støtte | state aid = støtte | loan = lån | state loan = statslån
mortgage = realkreditlån | interest = rente | interest-free = rentefri | guarantee = garanti | contribution = bidrag
base capital = grundkapital | capital = kapital | framework = ramme | annual = årlig årligt | annually = årligt
cost = udgift omkostning | costs = udgifter | expenses = udgifter | price = pris | amount = beløb | fee = gebyr
charge = opkræve | fine = bøde | penalty = straf bøde | tax = skat | rent reduction = huslejenedsættelse nedsættelse
maximum = højst | at most = højst | minimum = mindst | at least = mindst | limit = grænse loft | ceiling = loft
approve = godkende | approval = godkendelse | permission = tilladelse | permit = tilladelse | exemption = dispensation fritagelse
decide = beslutte bestemme | decision = beslutning afgørelse | supervises = tilsyn | supervision = tilsyn | supervise = tilsyn
monitor = holde øje | oversee = tilsyn | rules = regler | regulations = regler bekendtgørelse | executive order = bekendtgørelse
act = lov | law = lov | bill = lovforslag | section = § | subsection = stk | provision = bestemmelse | purpose = formål
enter into force = træder i kraft | entry into force = ikrafttræden | comes into force = træder i kraft
deadline = frist | time limit = frist | quarter = kvartal | quarterly = kvartal | year = år | years = år | month = måned
week = uge | period = periode | duration = varighed | publish = offentliggøre | published = offentliggør | list = liste
report = afrapportere indberette rapport | dialogue meeting = dialogmøde | meeting = møde | language = sprog
floor area = areal boligareal | size = størrelse | square metre = m² kvadratmeter | square meter = m² kvadratmeter
construction = byggeri opførelse | new construction = nybyggeri nyt byggeri | plan = plan | local plan = lokalplan
land = grund | plot = grund | preservation = fredning | preservation order = fredning | caretaker = vicevært
employees = ansatte | staff = personale ansatte | school = skole | day care = dagtilbud | learning = læringstilbud
kl = kl | local government denmark = kl | letter = brev | consultation = høringssvar høring | consultation response = høringssvar
publication = publikation | agreement = aftale | negotiations = forhandlinger forhandlingsforløbet | proposal = udspil forslag
criticism = kritik | criticise = kritik kritisere | criticize = kritik kritisere | ambition = ambition | social export = social eksport
rural = landområder | life expectancy = levealder | employment effort = beskæftigelsesindsats | effort = indsats
social housing effort = boligsocial indsats | social work = boligsocialt arbejde | story = historier | stories = historier
parties = partier | party = parti | politicians = politikere | offer = tilbyde tilbud | demand = kræve krav | require = kræve krav
requirement = krav | pay = betale betaling | payment = betaling | receive = modtage | increase = forhøjelse forhøje
increased = forhøjelse forhøjes | goes up = forhøjelse | raise = forhøje | reduce = nedsætte nedsættelse | reduction = nedsættelse
regulate = regulere | adjust = regulere | adjusted = reguleret | extend = forlænge | renew = forny | register = tilmelde
object = indsigelse | objection = indsigelse | notify = underrette | inform = underrette orientere | consult = høre
repay = tilbagebetale | refund = tilbagebetale refusion | compensation = erstatning | damages = erstatning
obligation = pligt | obligations = pligter | right = ret | rights = rettigheder | entitled = ret | exchange = bytte | swap = bytte
garden = have | parking = parkering | antenna = antenne | alteration = forandring | alterations = forandringer
challenge = udfordring udfordringer | challenges = udfordringer | solution = løsning | solve = løsning løse
problem = problem | goal = mål | aim = mål formål | target = mål | effect = effekt virkning | result = resultat
initiative = indsats initiativ | intervention = indsats indsatser | measure = tiltag foranstaltning | risk = risiko
point out = påpege påpeger | recent = seneste | most recent = seneste | submit = sende indsende | category = kategori
introduce = indføre indførelse | new = ny nye | element = element | basic = grundelement | core = kerne kernedrift
collaboration = samarbejde | cooperation = samarbejde | partnership = partnerskab | interest rate = rente
at a time = ad gangen | legislation = lovgivning | update = opdatering | updated = opdateret | amendment = ændring | repeal = ophæve
home seeker = boligsøgende | home seekers = boligsøgende | housing seekers = boligsøgende | reject = afvise
refuse = afvise | used for = anvendes til | use = anvende bruge | spend = anvende bruge | lay down = fastsætte
mayor = borgmester | leader = leder | head = leder chef | spokesperson = ordfører | chief executive = direktør
temporary = midlertidig foreløbig | temporarily = midlertidigt foreløbigt | provisional = foreløbig
permanent = permanent varig | exception = undtagelse | condition = betingelse | conditions = betingelser
cooperative housing = andelsbolig | private rental = private udlejningsejendomme | condominium = ejerlejlighed
"""


@lru_cache(maxsize=1)
def _english_stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", re.sub(r"['’]s\b", "", text))


def _stem_words(text: str) -> tuple[str, ...]:
    return tuple(_english_stemmer().stemWords([word.lower() for word in _words(text)]))


@lru_cache(maxsize=1)
def _terms_by_stems() -> dict[tuple[str, ...], str]:
    terms = {}
    for entry in _TERMS.replace("\n", "|").split("|"):
        if "=" in entry:
            english, danish = (part.strip() for part in entry.split("=", 1))
            # Inflections share a stem ("tenant", "tenants"): their Danish words are all searched for.
            key = _stem_words(english)
            terms[key] = " ".join(dict.fromkeys(f"{terms.get(key, '')} {danish}".split()))
    return terms


_LONGEST_TERM = 4


def translate(english: str) -> tuple[list[str], list[str]]:
    """The Danish words for the field's terms an English text uses, in order, and the words no term covers."""
    found, left = _translation(english)
    return list(found), list(left)


# An English question is translated by several steps of one answer (search, focus, the "about nothing" check).
@lru_cache(maxsize=256)
def _translation(english: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    terms, words = _terms_by_stems(), _words(english)
    stems = _stem_words(english)
    found, left, position = [], [], 0
    while position < len(stems):
        for length in range(min(_LONGEST_TERM, len(stems) - position), 0, -1):
            danish = terms.get(stems[position : position + length])
            if danish:
                found.append(danish)
                position += length
                break
        else:
            left.append(words[position])
            position += 1
    return tuple(dict.fromkeys(found)), tuple(left)


def names_in(english: str) -> list[str]:
    """The words of an English question that no term covers and that name something of the material: written
    with a capital inside the sentence ("Tingbjerg"), quoted ('boligsikring'), spelt with æ, ø or å, or Danish
    by the language detector ("What are skæve boliger?"). Their Danish form where one is known ("Copenhagen" ->
    "København")."""
    return list(_names(english))


@lru_cache(maxsize=256)
def _names(english: str) -> tuple[str, ...]:
    quoted = {word.lower() for part in re.findall(r"['‘’\"“”]([^'‘’\"“”]+)['‘’\"“”]", english) for word in _words(part)}
    words = _words(english)
    first = words[0] if words else ""
    names = [
        word for word in _translation(english)[1]
        if word.lower() not in IMPLIED_NAMES
        and ((word[:1].isupper() and word != first) or word.lower() in quoted or re.search("[æøåÆØÅ]", word)
             or reads_as_danish(word))
    ]
    return tuple(dict.fromkeys(EXONYMS.get(name.lower(), name) for name in names))


def danish_terms(english: str) -> list[str]:
    """The Danish words for the field's terms an English text uses (empty when it uses none)."""
    return translate(english)[0]
