"""Write the project's own training sentences for the name tagger: hard negatives and hard positives.

Run: ``.venv/bin/python data/pii_train/generate.py`` (deterministic: a fixed seed). Writes ``forum_sentences.txt``
beside this file: one sentence (or short post) a line, names marked ``[text|person]`` or ``[text|location]``,
everything else not a name. ``anecdata train pii`` reads it with WNUT-17's training file.

Every template and word list here was written for this project from general knowledge of how people write on
health forums; none is copied or paraphrased from a corpus (see README.md in this folder). What it teaches:

- hard negatives: capitalised drug, brand, supplement, condition, test and food words at the start of a
  sentence, in Title Case titles and in lists; common words in lower case where a name could stand ("kept it
  at bay", "the six week mark", "low cal snacks"); discourse words ("Edit:", "Lo and behold");
- hard positives: first names in lower case after a person word or a sign-off ("my husband dave", "thanks,
  priya"), names after "my husband", "my neighbour", "Dr.", sign-off lines, places after "in", "from", "to".
- chatty negatives and positives (``social_negatives``, ``social_positives``): slang openers, nationalities,
  brands, car and gadget models, months and Title Case slogans that are no one; names opening a sentence, after a
  greeting or thanks, in questions, made-up names (``invented_name``) learnt from their context, places in more
  frames.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 16
SENTENCES = 5000
OUT = Path(__file__).with_name("forum_sentences.txt")

DRUGS = (
    "Ibuprofen Naproxen Omeprazole Pantoprazole Famotidine Metformin Sertraline Fluoxetine Escitalopram Bupropion "
    "Gabapentin Pregabalin Prednisone Methotrexate Humira Stelara Dupixent Ozempic Synthroid Levothyroxine "
    "Propranolol Amitriptyline Nortriptyline Duloxetine Topiramate Sumatriptan Montelukast Cetirizine Loratadine "
    "Zyrtec Claritin Benadryl Flonase Nexium Prilosec Pepcid Tums Gaviscon Imodium Dulcolax Senna Colace "
    "Linaclotide Lubiprostone Mesalamine Budesonide Colchicine Allopurinol Febuxostat Tramadol Meloxicam Celecoxib "
    "Baclofen Tizanidine Cyclobenzaprine Doxycycline Amoxicillin Augmentin Cipro Flagyl Rifaximin Spironolactone "
    "Finasteride Minoxidil Tretinoin Accutane Lamotrigine Keppra Lexapro Zoloft Wellbutrin Lyrica Cymbalta"
).split()
SUPPLEMENTS = (
    "Magnesium Zinc Turmeric Curcumin Ashwagandha Melatonin Psyllium Metamucil Collagen Glucosamine Probiotics "
    "Creatine Iron Biotin Quercetin Berberine Inositol Electrolytes"
).split()
CONDITIONS = (
    (
        "Gastritis Esophagitis Gout Psoriasis Eczema Rosacea Fibromyalgia Endometriosis Sciatica Tendinitis Bursitis "
        "Plantar Fasciitis|Costochondritis|Pericarditis|Diverticulitis|Pancreatitis|Colitis|Crohns|Celiac|Lupus|"
        "Sarcoidosis|Vertigo|Tinnitus|Migraines|Shingles|Hashimotos|Graves|Anemia|Neuropathy|Raynauds|Dysautonomia"
    )
    .replace("|", " ")
    .split()
)
TESTS = (
    "Colonoscopy Endoscopy Ultrasound Bloodwork Biopsy Mammogram Echocardiogram Holter Spirometry Urinalysis "
    "Bronchoscopy Angiogram Myelogram Arthroscopy Laparoscopy Physio Acupuncture Cryotherapy"
).split()
ABBREVIATIONS = "MRI CT EKG ECG EMG IBS GERD POTS PCOS COPD UTI MCAS SIBO CBD TENS PRP PT OT GP ER ENT".split()
FOODS = (
    "Salmon Turkey Chicken Oatmeal Yogurt Kefir Broccoli Spinach Kale Avocado Quinoa Lentils Almonds Walnuts "
    "Blueberries Bananas Rice Toast Eggs Coffee Tea Kombucha Sourdough Tofu Hummus Ginger Garlic Honey Cheese"
).split()
PRODUCTS = (
    (
        "Fitbit Theragun Kindle Peloton Oura Garmin Vicks Neosporin Aquaphor Cetaphil Vaseline Gatorade Pedialyte "
        "Ensure Voltaren Icy Hot Tiger Balm"
    )
    .replace("Icy Hot", "IcyHot")
    .replace("Tiger Balm", "TigerBalm")
    .split()
)
COMMON_PHRASES = (
    "keeps it at bay",
    "kept the flares at bay",
    "around the six week mark",
    "past the one year mark",
    "with minor pain",
    "only minor side effects",
    "i'm slim and active",
    "fairly slim build",
    "low cal snacks",
    "a low cal diet",
    "thought i'd pop in and ask",
    "popped in to say thanks",
    "the x-ray was clear",
    "another x-ray next month",
    "the bill was huge",
    "lost the will to eat",
    "the rash rose up my arm",
    "it will pass",
    "the frank answer is no",
    "drew blood twice",
    "a fresh wave of nausea",
    "a fair amount of pain",
    "the jack of all trades physio",
    "grace period on my insurance",
    "no hope of sleeping",
    "a cold summer",
    "may help you too",
    "chase the pain around",
    "art therapy helped",
    "walked three miles",
)
FIRST_NAMES = (
    "dave jen priya tom maria liam sofia raj mike sarah kev emma josh nina omar lucy chloe aisha tyler "
    "hannah marcus ivy dan beth carlos mei leo ruth sam"
).split()
SURNAMES = "Okafor Lindqvist Patel Moreau Nakamura Fischer Brennan Kowalski Haddad Whitfield Osei Duarte".split()
PLACES = (
    "Tacoma Leeds Duluth Halifax Cork Adelaide Boise Fresno Dundee Tulsa Reno Sheffield Calgary Austin Denver "
    "Ohio Texas Florida Ontario Scotland Ireland Germany Manchester Phoenix Portland"
).split()
PERSON_WORDS = (
    "husband wife son daughter mum mom dad sister brother neighbour friend partner boyfriend girlfriend".split()
)
DEPARTMENTS = "cardiology neurology rheumatology dermatology urology oncology radiology pharmacy triage".split()
LOOSE_SPELLING = (
    "ive ben told its nothing",
    "he doesnt know what it is",
    "she didnt believe me",
    "i cant sleep on it",
    "im on day three",
    "it wasnt helping",
    "they dont test for it here",
    "ur not alone",
    "idk what else to try",
    "tbh it scared me",
    "ive been there",
)
OPENERS = ("Edit", "Update", "Idk", "Tbh", "Btw", "Ps", "Background", "Question", "Context", "Thanks")
MORE_PLACES = (
    "Korea Japan China India Brazil Mexico Kenya Nigeria Poland Sweden Norway Chicago Boston Toronto Sydney Dublin "
    "Glasgow Melbourne Seattle Atlanta Houston Vancouver Auckland Lagos Manila Mumbai Lisbon Prague Vienna Arizona "
    "Michigan Oregon Georgia Quebec Wales Europe Asia Africa"
).split()
SYLLABLES = "ka ri to ma lu se vo na di be zo ye mi ra tho ko la fe shi ndi wa gu pe jo ta".split()
SLANG = (
    "Lol Lmao Omg Wtf Smh Ugh Meh Heh Yikes Gosh Dude Bro Bruh Yay Nope Yep Welp Whoa Oof Damn Geez Aww Haha "
    "Savage Legit Fake Classic Respect Facts Seriously Honestly Wow Nah"
).split()
GROUPS = (
    "Canadian Canadians American Americans British French English Spanish German Italian Mexican Irish Australian "
    "Christians Muslims Catholics Jewish Buddhist Hindu Asian African European Latino Boomers Millennials"
).split()
BRANDS = (
    "Youtube Netflix Spotify Instagram Facebook Reddit Tiktok Twitter Google Amazon Walmart Costco Starbucks "
    "Nintendo Playstation Xbox Minecraft Fortnite Tesla Toyota Honda Subaru Ford Samsung iPhone Android Uber "
    "Hulu Disney Pinterest Discord Zoom Alexa Siri Chipotle Lego"
).split()
TITLE_NOUNS = (
    "Peace Freedom Love Hope Life Truth Power Glory Honor Faith Destiny Victory Colors Shapes Letters Animals "
    "Friends Family Silence Chaos Magic Legends Heroes Kings Queens Wisdom Courage Patience Recovery Strength Rest"
).split()
CARS = "Civic Corolla Camry Mustang Prius Outback Wrangler Accord Fiesta Passat Charger Tahoe Impala Malibu".split()
GADGETS = "Kindle Fitbit iPad Galaxy Pixel Roku Echo Walkman Nikon GoPro Dyson Vitamix Keurig Roomba".split()
SEASONS = (
    "Spring Summer Autumn Fall Winter January February March April May June July August September October "
    "November December Christmas Easter Thanksgiving Halloween"
).split()


def pick(rng: random.Random, words: tuple[str, ...] | list[str], k: int = 1) -> list[str]:
    return rng.sample(list(words), k)


def lower_first(rng: random.Random, text: str) -> str:
    """People often write without capitals: a third of the sentences are lower-cased where no name is marked."""
    return text.lower() if "|" not in text and rng.random() < 0.3 else text


def negatives(rng: random.Random) -> str:
    """A sentence with no name: medicine, food and products capitalised where names usually stand."""
    drug, drug2, drug3 = pick(rng, DRUGS, 3)
    condition, test, food, food2 = pick(rng, CONDITIONS)[0], pick(rng, TESTS)[0], *pick(rng, FOODS, 2)
    supplement, product, abbrev = pick(rng, SUPPLEMENTS)[0], pick(rng, PRODUCTS)[0], pick(rng, ABBREVIATIONS)[0]
    common, opener = pick(rng, COMMON_PHRASES)[0], pick(rng, OPENERS)[0]
    templates = (
        f"{drug} helped within a week but the nausea was rough.",
        f"{drug} and {drug2} did nothing for me, {drug3} finally worked.",
        f"Tried {drug}, {drug2}, {supplement} and {drug3}.",
        f"{condition} flare again after {food} last night.",
        f"{condition} Diagnosis At 30, What Helped You?",
        f"My {condition} Journey With {drug}",
        f"{test} Results Came Back Normal",
        f"{test} next week, anyone had one?",
        f"Had my {test} on Monday and the {abbrev} is on Friday.",
        f"{food}, {food2} and {supplement} are all I can eat right now.",
        f"Breakfast: {food} with {food2}. Lunch: {food2} and {food}.",
        f"{supplement} before bed keeps the cramps at bay.",
        f"{opener}: the {drug} dose went up to 40mg.",
        f"{opener} - {test} showed mild {condition.lower()}.",
        f"{drug} {common}.",
        f"Since the {test.lower()}, {common}.",
        f"Honestly {common}, {condition.lower()} or not.",
        f"Lo and behold, the {drug} worked.",
        f"I use a {product} to track sleep and a {product} for the pain.",
        f"{product} and {drug} got me through the night.",
        f"The {abbrev} showed a bulging disc at L4-L5.",
        f"{drug.upper()} made my {condition.upper()} WORSE.",
        f"Got an x-ray and an {abbrev}, both clear.",
        f"{condition} and {condition}-like symptoms since {rng.choice(['January', 'March', 'June', 'October'])}.",
        f"Anyone else on {drug} for {condition.lower()}?",
        f"Switched from {drug} to {drug2} last month.",
        f"{supplement}, {supplement.lower()} glycinate specifically, helps with {condition.lower()}.",
        f"{food} seems to trigger it, {food2} doesn't.",
        f"i called {rng.choice(DEPARTMENTS)} and they moved the {test.lower()} up.",
        f"Still waiting on {rng.choice(DEPARTMENTS)} to call back about the {abbrev}.",
        f"{rng.choice(LOOSE_SPELLING)}, the {drug.lower()} is all i have.",
        f"Stop the {drug} two days prior to the {test.lower()}.",
        f"Prior to the {test.lower()} I had no {condition.lower()}.",
        f"{rng.choice(LOOSE_SPELLING).capitalize()}. {drug} next?",
    )
    return lower_first(rng, rng.choice(templates))


def positives(rng: random.Random) -> str:
    """A sentence with a marked name: lower-case first names after a person word or sign-off, places, titles."""
    first, first2 = pick(rng, FIRST_NAMES, 2)
    name, surname, place = first.capitalize(), pick(rng, SURNAMES)[0], pick(rng, PLACES)[0]
    drug, condition, relation = pick(rng, DRUGS)[0], pick(rng, CONDITIONS)[0], pick(rng, PERSON_WORDS)[0]
    templates = (
        f"my {relation} [{first}|person] drove me to the appointment.",
        f"My {relation} [{name}|person] has had {condition.lower()} for years.",
        f"talked to [{first}|person] about the {drug} and she said give it time.",
        f"Thanks, [{name}|person]",
        f"thanks [{first}|person]!",
        f"[{name}|person]",
        f"- [{first}|person]",
        f"Cheers, [{name}|person]",
        f"Dr. [{surname}|person] put me on {drug}.",
        f"My GP, Dr [{surname}|person], ordered an MRI.",
        f"I live in [{place}|location] and the wait is six months.",
        f"im from [{place.lower()}|location] and nobody here knows about {condition.lower()}.",
        f"We moved to [{place}|location] last year.",
        f"The clinic in [{place}|location] was great.",
        f"[{name}|person] and [{first2.capitalize()}|person] both have {condition.lower()}.",
        f"my {relation} {'is'} called [{first}|person], he has {condition.lower()} too.",
        f"My name is [{name}|person] and I was diagnosed in [{place}|location].",
        f"[{name}|person] here, 34, {condition.lower()} since my teens.",
        f"Sending hugs to [{first}|person] and everyone else.",
        f"Ask [{name} {surname}|person] at the front desk.",
    )
    return rng.choice(templates)


def invented_name(rng: random.Random) -> str:
    """A made-up name of two or three syllables ("Kavoshi"): names no list holds must be found from context."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def any_name(rng: random.Random) -> str:
    return rng.choice([pick(rng, FIRST_NAMES)[0].capitalize(), invented_name(rng), pick(rng, SURNAMES)[0]])


def social_negatives(rng: random.Random) -> str:
    """Capitalised words that are no one in chatty writing: slang, nationalities and faiths, brands and apps,
    months and seasons."""
    slang, group, brand, brand2 = pick(rng, SLANG)[0], pick(rng, GROUPS)[0], *pick(rng, BRANDS, 2)
    season, drug, condition = pick(rng, SEASONS)[0], pick(rng, DRUGS)[0], pick(rng, CONDITIONS)[0].lower()
    noun, noun2 = pick(rng, TITLE_NOUNS, 2)
    car, gadget = pick(rng, CARS)[0], pick(rng, GADGETS)[0]
    templates = (
        f"{slang} that was rough.",
        f"{slang}, the {drug.lower()} made it worse.",
        f"{slang} I thought I was the only one",
        f"{slang} !",
        f"{group} doctors are more careful with {drug}.",
        f"Most {group} clinics won't test for it.",
        f"the {group} guidelines say otherwise",
        f"I watch {brand} when I can't sleep.",
        f"Saw a video about {condition} on {brand}.",
        f"My {brand} tracks my heart rate at night.",
        f"{brand} is great for distraction during a flare.",
        f"ordered it on {brand}, cheaper than {brand2}.",
        f"Since {season} the {condition} has been worse.",
        f"{season} was the worst month for my {condition}.",
        f"I get the {test_word(rng)} in {season}.",
        f"{noun} and {noun2} for All",
        f"Learn {noun} and {noun2} With Me",
        f"did it out of {noun.lower()} honestly, and some {noun2}",
        f"No {noun}, No {noun2}",
        f"the {car} broke down on the way to the {test_word(rng)}.",
        f"my {car} has a heated seat that helps my back",
        f"I read on my {gadget} in the waiting room.",
        f"got a {gadget} for christmas and use it every day",
        f"the new {gadget} is better than my old one",
    )
    return lower_first(rng, rng.choice(templates))


def test_word(rng: random.Random) -> str:
    return pick(rng, TESTS)[0].lower()


def social_positives(rng: random.Random) -> str:
    """Names in the places chatty replies put them: opening a sentence, after a greeting, thanks, a question."""
    name, name2 = any_name(rng), any_name(rng)
    low = name.lower() if rng.random() < 0.35 else name
    place = pick(rng, MORE_PLACES + PLACES)[0]
    placed = place.lower() if rng.random() < 0.3 else place
    drug, condition, test = pick(rng, DRUGS)[0], pick(rng, CONDITIONS)[0].lower(), test_word(rng)
    surname = pick(rng, SURNAMES)[0]
    full = f"{name} {surname}" if rng.random() < 0.7 else f"{name.lower()} {surname.lower()}"
    templates = (
        f"[{low}|person] is the best, so kind to everyone here.",
        f"[{name}|person] is right about the {drug.lower()}.",
        f"hey [{low}|person], how did the {test} go?",
        f"Hi [{name}|person]! welcome to the group.",
        f"where is [{low}|person]? haven't seen her post in ages",
        f"What happened to [{name}|person] ?",
        f"thank you [{low}|person] for the advice",
        f"I love [{name}|person] 's posts about {condition}.",
        f"shout out to [{low}|person] for the tip about {drug}",
        f"[{full}|person] wrote a good book on {condition}.",
        f"agree with [{name}|person] here",
        f"like [{low}|person] said, give it time.",
        f"Did [{name}|person] ever get better?",
        f"me and [{low}|person] both tried {drug}.",
        f"[{name}|person] and [{name2}|person] are the reason I stayed.",
        f"when are you coming to [{placed}|location]?",
        f"anyone in [{place}|location] know a good {test} clinic?",
        f"[{place}|location] has the best {condition} clinic.",
        f"moved back to [{placed}|location] after the surgery",
        f"we flew to [{place}|location] for the {test}.",
        f"we live near [{place}|location] so the drive is short",
        f"[{place}|location] is beautiful but the winters wreck my joints",
        f"I love [{placed}|location], the doctors there listened.",
        f"visited [{place}|location] last spring and the {condition} flared",
        f"people in [{placed}|location] wait months for a {test}",
        f"the wait lists in [{place}|location] and [{pick(rng, MORE_PLACES)[0]}|location] are the same",
        f"what part of [{place}|location] are you in?",
        f"is {drug} sold over the counter in [{placed}|location] ?",
    )
    return rng.choice(templates)


def main() -> None:
    rng = random.Random(SEED)
    lines = set()
    while len(lines) < SENTENCES:
        draw = rng.random()
        if draw < 0.45:
            line = negatives(rng)
        elif draw < 0.65:
            line = positives(rng)
        else:
            line = social_negatives(rng) if draw < 0.8 else social_positives(rng)
        lines.add(line)
    header = (
        "# The name tagger's project-written training sentences (data/pii_train/generate.py; see README.md).\n"
        "# One sentence a line; [text|person] and [text|location] mark names.\n"
    )
    OUT.write_text(header + "\n".join(sorted(lines)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
