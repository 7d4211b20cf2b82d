"""Write the project's own statement training set: forum posts composed from hand-written sentence templates.

Run: ``.venv/bin/python data/statements/generate.py`` (deterministic: a fixed seed). Writes ``posts.jsonl`` beside
this file, one post a line in the RedHOT-like layout ``anecdata train statements`` reads: ``post_id``, ``text``,
``aligned`` and ``spans`` (``start``, ``end``, ``label``, and for claims ``claim_type`` and ``hedged``).

Every template here was written for this project, from general knowledge of how people write on health forums;
none is copied or paraphrased from a corpus (see README.md in this folder, which is also the annotation
guideline the templates follow). Variety comes from many conditions, several voices (the writer, a parent, a
partner, a carer), post shapes (asking, venting, reporting back, informing) and writing quality (no capitals,
missing punctuation, dropped apostrophes, typos, text-speak, emoji, run-on lines).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240805
POSTS = 2600
OUT = Path(__file__).with_name("posts.jsonl")


@dataclass(frozen=True)
class Condition:
    """A condition with the words people use around it."""

    name: str
    short: str
    symptoms: tuple[str, ...]
    drugs: tuple[str, ...]
    treatments: tuple[str, ...]
    doctor: str
    triggers: tuple[str, ...]
    events: tuple[str, ...] = ("flare", "bad day")
    tests: tuple[str, ...] = ("blood work", "an MRI")


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "lupus",
        "lupus",
        ("joint pain", "fatigue", "a malar rash", "hair loss", "brain fog", "mouth ulcers"),
        ("Plaquenil", "hydroxychloroquine", "prednisone", "Benlysta", "CellCept", "methotrexate"),
        ("a low-inflammation diet", "staying out of the sun", "rest days"),
        "rheumatologist",
        ("sun exposure", "stress", "lack of sleep"),
        ("flare", "bad week"),
        ("an ANA test", "blood work"),
    ),
    Condition(
        "gout",
        "gout",
        ("a swollen big toe", "joint pain", "a hot ankle", "stiffness in my knee"),
        ("allopurinol", "colchicine", "febuxostat", "indomethacin", "naproxen"),
        ("tart cherry juice", "drinking more water", "cutting out beer", "a low purine diet"),
        "GP",
        ("red meat", "beer", "shellfish", "dehydration", "sugary drinks"),
        ("attack", "flare"),
        ("a uric acid test", "an x-ray"),
    ),
    Condition(
        "IBS",
        "IBS",
        ("bloating", "stomach cramps", "diarrhea", "constipation", "gas pain"),
        ("Linzess", "dicyclomine", "amitriptyline", "Imodium", "peppermint oil capsules"),
        ("the low FODMAP diet", "probiotics", "psyllium husk", "gut-directed hypnotherapy"),
        "GI",
        ("garlic", "onions", "dairy", "coffee", "stress", "fried food"),
        ("flare", "bad gut day"),
        ("a colonoscopy", "a stool test"),
    ),
    Condition(
        "multiple sclerosis",
        "MS",
        ("numbness in my legs", "fatigue", "optic neuritis", "tingling hands", "heat intolerance", "balance problems"),
        ("Ocrevus", "Tysabri", "Copaxone", "Kesimpta", "Tecfidera", "Mavenclad"),
        ("physical therapy", "cooling vests", "a high-dose vitamin D routine"),
        "neurologist",
        ("heat", "infections", "stress"),
        ("relapse", "flare"),
        ("an MRI", "a lumbar puncture"),
    ),
    Condition(
        "epilepsy",
        "epilepsy",
        ("focal seizures", "auras", "memory gaps", "tonic-clonic seizures"),
        ("Keppra", "lamotrigine", "Lamictal", "Briviact", "Topamax", "Vimpat"),
        ("the keto diet", "a VNS implant", "regular sleep"),
        "neurologist",
        ("lack of sleep", "alcohol", "flashing lights", "missed doses"),
        ("seizure", "cluster"),
        ("an EEG", "an MRI"),
    ),
    Condition(
        "GERD",
        "GERD",
        ("heartburn", "a burning throat", "regurgitation", "chest pain", "a chronic cough"),
        ("omeprazole", "Nexium", "famotidine", "pantoprazole", "Gaviscon"),
        ("raising the head of my bed", "not eating after 7pm", "losing weight"),
        "GI",
        ("coffee", "tomatoes", "chocolate", "spicy food", "alcohol"),
        ("flare", "bad night"),
        ("an endoscopy", "a pH study"),
    ),
    Condition(
        "Crohn's disease",
        "Crohn's",
        ("abdominal pain", "urgency", "fatigue", "weight loss", "fistulas"),
        ("Humira", "Stelara", "Entyvio", "Remicade", "budesonide", "azathioprine"),
        ("exclusive enteral nutrition", "a low residue diet"),
        "GI",
        ("stress", "NSAIDs", "high fiber food"),
        ("flare", "bad stretch"),
        ("a colonoscopy", "a CT scan"),
    ),
    Condition(
        "psoriasis",
        "psoriasis",
        ("plaques on my elbows", "itchy scalp", "cracked skin", "nail pitting"),
        ("Skyrizi", "Otezla", "Cosentyx", "methotrexate", "a steroid cream"),
        ("light therapy", "coal tar shampoo", "moisturising twice a day"),
        "dermatologist",
        ("cold weather", "stress", "alcohol"),
        ("flare", "bad patch"),
        ("a skin biopsy",),
    ),
    Condition(
        "type 2 diabetes",
        "T2D",
        ("high morning sugars", "numb feet", "constant thirst", "blurred vision"),
        ("metformin", "Ozempic", "Jardiance", "insulin", "Mounjaro"),
        ("walking after meals", "low carb eating", "intermittent fasting"),
        "endocrinologist",
        ("carbs", "stress", "poor sleep"),
        ("spike", "low"),
        ("an A1C test", "blood work"),
    ),
    Condition(
        "migraine",
        "migraines",
        ("aura", "light sensitivity", "nausea", "throbbing headaches"),
        ("sumatriptan", "Aimovig", "Nurtec", "topiramate", "Emgality", "Botox"),
        ("magnesium", "a strict sleep schedule", "cutting caffeine"),
        "neurologist",
        ("red wine", "weather changes", "skipped meals", "bright screens"),
        ("attack", "migraine"),
        ("an MRI",),
    ),
    Condition(
        "POTS",
        "POTS",
        ("dizziness when I stand", "a racing heart", "brain fog", "fainting", "tiredness"),
        ("propranolol", "midodrine", "fludrocortisone", "ivabradine"),
        ("salt loading", "compression stockings", "recumbent exercise"),
        "cardiologist",
        ("heat", "standing for long", "dehydration"),
        ("episode", "bad day"),
        ("a tilt table test", "a Holter monitor"),
    ),
    Condition(
        "fibromyalgia",
        "fibro",
        ("widespread pain", "fatigue", "poor sleep", "tender points"),
        ("duloxetine", "Lyrica", "amitriptyline", "low dose naltrexone"),
        ("gentle yoga", "warm baths", "pacing"),
        "rheumatologist",
        ("cold weather", "overdoing it", "stress"),
        ("flare", "bad week"),
        ("blood work",),
    ),
    Condition(
        "asthma",
        "asthma",
        ("wheezing", "shortness of breath", "a tight chest", "a night cough"),
        ("Symbicort", "albuterol", "Singulair", "Dupixent", "Advair"),
        ("breathing exercises", "an air purifier"),
        "pulmonologist",
        ("pollen", "cats", "cold air", "smoke"),
        ("attack", "bad night"),
        ("a spirometry test",),
    ),
    Condition(
        "eczema",
        "eczema",
        ("itchy patches", "cracked hands", "weeping skin", "dry skin"),
        ("Dupixent", "tacrolimus ointment", "hydrocortisone", "Opzelura"),
        ("wet wraps", "bleach baths", "fragrance-free soap"),
        "dermatologist",
        ("dust mites", "wool", "stress", "dry air"),
        ("flare", "bad patch"),
        ("patch testing",),
    ),
    Condition(
        "endometriosis",
        "endo",
        ("pelvic pain", "painful periods", "back pain", "pain during sex"),
        ("Orilissa", "the pill", "Visanne", "norethindrone"),
        ("excision surgery", "a heating pad", "pelvic floor therapy"),
        "gynecologist",
        ("my period", "stress"),
        ("flare", "bad cycle"),
        ("a laparoscopy", "an ultrasound"),
    ),
    Condition(
        "hypothyroidism",
        "hypothyroid",
        ("fatigue", "weight gain", "feeling cold", "hair thinning"),
        ("levothyroxine", "Synthroid", "Armour thyroid", "liothyronine"),
        ("a gluten free diet", "selenium"),
        "endocrinologist",
        ("missed doses", "soy", "stress"),
        ("crash", "bad month"),
        ("a TSH test", "blood work"),
    ),
    Condition(
        "rheumatoid arthritis",
        "RA",
        ("swollen knuckles", "morning stiffness", "wrist pain", "fatigue"),
        ("methotrexate", "Humira", "Enbrel", "Rinvoq", "prednisone", "Xeljanz"),
        ("an anti-inflammatory diet", "hand exercises", "hot wax baths"),
        "rheumatologist",
        ("stress", "infections", "cold weather"),
        ("flare", "bad week"),
        ("blood work", "an x-ray"),
    ),
    Condition(
        "cystic fibrosis",
        "CF",
        ("a wet cough", "lung infections", "low weight", "sinus pain"),
        ("Trikafta", "Creon", "hypertonic saline", "tobramycin"),
        ("airway clearance", "a vest", "running"),
        "CF team",
        ("colds", "dehydration"),
        ("exacerbation", "infection"),
        ("a sweat test", "a PFT"),
    ),
    Condition(
        "celiac disease",
        "celiac",
        ("bloating", "brain fog", "an itchy rash", "anemia", "diarrhea"),
        ("iron supplements", "vitamin D"),
        ("a strict gluten free diet", "a dedicated toaster"),
        "GI",
        ("gluten", "cross contamination", "oats"),
        ("glutening", "reaction"),
        ("an endoscopy", "a tTG test"),
    ),
    Condition(
        "depression",
        "depression",
        ("low mood", "no motivation", "insomnia", "numbness", "crying spells"),
        ("sertraline", "Zoloft", "Lexapro", "Wellbutrin", "venlafaxine", "Prozac"),
        ("therapy", "CBT", "daily walks", "journaling"),
        "psychiatrist",
        ("winter", "stress", "poor sleep"),
        ("episode", "dip"),
        ("a blood test",),
    ),
    Condition(
        "anxiety",
        "anxiety",
        ("panic attacks", "a racing heart", "chest tightness", "constant worry"),
        ("buspirone", "propranolol", "Lexapro", "hydroxyzine"),
        ("CBT", "breathing exercises", "cutting caffeine", "meditation"),
        "psychiatrist",
        ("caffeine", "work stress", "crowds"),
        ("panic attack", "bad spell"),
        ("an ECG",),
    ),
    Condition(
        "sciatica",
        "sciatica",
        ("shooting leg pain", "numb toes", "lower back pain", "burning in my calf"),
        ("gabapentin", "meloxicam", "a steroid injection", "cyclobenzaprine"),
        ("McKenzie exercises", "physical therapy", "walking", "an inversion table"),
        "physio",
        ("sitting for long", "lifting", "bending over"),
        ("flare up", "bad day"),
        ("an MRI",),
    ),
    Condition(
        "plantar fasciitis",
        "PF",
        ("heel pain", "stabbing pain in the morning", "a sore arch"),
        ("ibuprofen", "a cortisone shot"),
        ("night splints", "calf stretches", "shockwave therapy", "new insoles", "rolling a frozen bottle"),
        "podiatrist",
        ("running", "flat shoes", "standing all day"),
        ("flare", "bad morning"),
        ("an ultrasound", "an x-ray"),
    ),
    Condition(
        "piriformis syndrome",
        "piriformis",
        ("buttock pain", "pain down my leg", "a deep ache in my hip"),
        ("muscle relaxants", "naproxen", "a Botox injection"),
        ("foam rolling", "dry needling", "stretching", "massage", "Graston"),
        "sports doctor",
        ("long runs", "sitting", "hills"),
        ("flare", "setback"),
        ("an MRI",),
    ),
    Condition(
        "long covid",
        "long covid",
        ("breathlessness", "post-exertional malaise", "brain fog", "palpitations"),
        ("low dose naltrexone", "antihistamines", "Paxlovid"),
        ("pacing", "a heart rate monitor", "rest"),
        "GP",
        ("exertion", "stress", "heat"),
        ("crash", "relapse"),
        ("a lung function test", "blood work"),
    ),
    Condition(
        "tinnitus",
        "tinnitus",
        ("ringing in my ears", "a hissing sound", "ear fullness"),
        ("a steroid course", "melatonin"),
        ("white noise", "hearing aids", "sound therapy"),
        "ENT",
        ("loud concerts", "caffeine", "stress"),
        ("spike", "bad night"),
        ("a hearing test",),
    ),
    Condition(
        "acne",
        "acne",
        ("cystic breakouts", "scarring", "oily skin", "hormonal spots"),
        ("Accutane", "spironolactone", "doxycycline", "tretinoin", "benzoyl peroxide"),
        ("a simple skincare routine", "cutting dairy"),
        "dermatologist",
        ("dairy", "my period", "sweat"),
        ("breakout", "flare"),
        ("hormone tests",),
    ),
    Condition(
        "kidney stones",
        "kidney stones",
        ("flank pain", "blood in my urine", "nausea"),
        ("tamsulosin", "potassium citrate", "ketorolac"),
        ("drinking three liters a day", "lemon water", "cutting oxalates"),
        "urologist",
        ("dehydration", "spinach", "too much salt"),
        ("stone", "attack"),
        ("a CT scan",),
    ),
    Condition(
        "ADHD",
        "ADHD",
        ("no focus", "time blindness", "forgetfulness", "restlessness"),
        ("Adderall", "Vyvanse", "Concerta", "Strattera", "Ritalin"),
        ("coaching", "body doubling", "exercise in the morning"),
        "psychiatrist",
        ("poor sleep", "skipped meals"),
        ("bad day", "crash"),
        ("an assessment",),
    ),
)

RELATIVES = (
    ("my son", "he", "his"),
    ("my daughter", "she", "her"),
    ("my husband", "he", "his"),
    ("my wife", "she", "her"),
    ("my mom", "she", "her"),
    ("my dad", "he", "his"),
    ("my partner", "they", "their"),
    ("my boyfriend", "he", "his"),
    ("my girlfriend", "she", "her"),
    ("my sister", "she", "her"),
)
DURATIONS = (
    "2 weeks",
    "a month",
    "3 months",
    "six months",
    "a year",
    "2 years",
    "5 years",
    "about 10 years",
    "8 months",
    "a few weeks",
    "almost a year",
    "4 days",
    "3 years",
)
WHEN = (
    "last week",
    "yesterday",
    "a few months ago",
    "in March",
    "back in 2019",
    "two years ago",
    "last night",
    "this morning",
    "over the summer",
    "at 19",
    "after my second pregnancy",
    "in my twenties",
    "recently",
)
DOSES = ("10mg", "25 mg", "50mg", "100mg", "200 mg", "500mg", "1000mg", "a low dose", "the max dose")

# Sentence templates. Slots: {cond} {short} {sym} {sym2} {drug} {drug2} {treat} {doc} {trig} {event} {test}
# {dur} {when} {dose} {rel} {pro} {poss} (relative, pronoun, possessive).
PER_EXP = (
    "I was diagnosed with {short} {when}.",
    "I have had {short} for {dur} now.",
    "I've been on {drug} for {dur}.",
    "I started {drug} {when}.",
    "My {doc} put me on {dose} of {drug}.",
    "I had my first {event} {when}.",
    "{when} I ended up in the ER with {sym}.",
    "I had {test} {when} and it came back normal.",
    "I got the results of {test} {when}.",
    "I've had {sym} on and off for {dur}.",
    "I switched from {drug} to {drug2} {when}.",
    "I stopped taking {drug} {when}.",
    "I went to see a {doc} {when}.",
    "I've tried {treat} and {treat2}.",
    "I deal with {sym} pretty much every day.",
    "I'm on {drug} and {drug2} at the moment.",
    "I have {sym} and {sym2} most days.",
    "I was in hospital for {dur} {when}.",
    "My last {event} lasted about {dur}.",
    "I've been doing {treat} for {dur}.",
    "I take {drug} every morning.",
    "I missed two doses of {drug} {when}.",
    "I had a really bad {event} {when}.",
    "I'm 34F and was diagnosed {when}.",
    "I'm 27 and have had {short} since I was a teen.",
    "Currently on {dose} {drug}.",
    "Diagnosed {when}, been on {drug} since.",
    "I had surgery {when}.",
    "I woke up {when} with {sym}.",
    "I've lost weight since the diagnosis.",
    "I have an appointment with my {doc} next week.",
    "I have been off work for {dur} because of it.",
    "I can barely walk some mornings because of {sym}.",
    "I've been keeping a food diary for {dur}.",
    "{rel} was diagnosed with {short} {when}.",
    "{rel} has had {sym} for {dur}.",
    "{rel} started {drug} {when}.",
    "{rel} has been in and out of hospital for {dur}.",
    "My {doc} ordered {test}.",
    "I was misdiagnosed for {dur} before anyone took me seriously.",
    "I had {sym} again {when}.",
    "I've been gluten free, dairy free and sugar free for {dur}.",
    "I spent {dur} going from doctor to doctor.",
    "I still get {sym} now and then.",
    "I did a course of {drug} {when}.",
    "I tapered off {drug} over {dur}.",
    "I ran out of {drug} and had to wait {dur} for a refill.",
    "My {doc} upped my dose {when}.",
    "I've been on {drug2} before.",
    "I had {test} and {test2} {when}.",
    "My first symptom was {sym}.",
    "I get {sym} mostly at night.",
    "I was told I have {short} after {test}.",
    "{when} I noticed {sym} for the first time.",
    "I'm waiting on a referral to a {doc}.",
    "I've had three {event}s this year.",
    "I lived with {sym} for {dur} before I got a name for it.",
)
CLAIM_PER_EXP = (
    ("{drug} made my {sym} so much worse.", "efficacy"),
    ("{treat} is the only thing that helped my {sym}.", "efficacy"),
    ("Since I started {drug} I haven't had a single {event}.", "efficacy"),
    ("{drug} gave me terrible {sym2}, so I stopped.", "causal"),
    ("Cutting out {trig} cleared up my {sym} within weeks.", "efficacy"),
    ("My {doc} said the {sym} is from the {short}.", "diagnostic"),
    ("My {doc} thinks my {sym} is caused by {trig}.", "causal"),
    ("I get {sym} every time I have {trig}.", "causal"),
    ("{trig} always sets off my {short}.", "causal"),
    ("{treat} did nothing for me.", "efficacy"),
    ("{drug} worked for about {dur} and then stopped working.", "efficacy"),
    ("I'm convinced {trig} is what triggers my {event}s.", "causal"),
    ("{drug} honestly changed my life.", "efficacy"),
    ("Once I started {treat} my {sym} got a lot better.", "efficacy"),
    ("My {sym} went away after I stopped {drug}.", "causal"),
    ("{drug} makes me so tired I can't function.", "causal"),
    ("The {sym} turned out to be a side effect of {drug}.", "causal"),
    ("{treat} helped me more than any medication.", "efficacy"),
    ("For me {drug} works better than {drug2}.", "efficacy"),
    ("Things only improved once I changed jobs, so work stress must have been behind it.", "causal"),
    ("My {sym} is definitely worse when I have {trig}.", "causal"),
    ("{drug} cleared my {sym} in {dur}.", "efficacy"),
    ("I noticed my {sym} gets worse before my {event}s.", "diagnostic"),
    ("My {doc} told me {sym} is a common sign of {short}.", "diagnostic"),
    ("{test} showed it was {short} and not anything else.", "diagnostic"),
    ("Going on {drug} was the best decision I made.", "efficacy"),
    ("{drug} gave {rel} a rash all over.", "causal"),
    ("{treat} has kept {rel} out of hospital for {dur}.", "efficacy"),
    ("Every time I skip {treat} the {sym} comes back.", "efficacy"),
    ("I had no idea {drug} would make me so drowsy.", "causal"),
    ("Since going on {drug} my {sym} has been way worse, so I'm pretty sure it's the med.", "causal"),
    ("My {event}s got less frequent after I started {treat}.", "efficacy"),
    ("The {doc} said my {sym} was probably from stress.", "causal"),
    ("I think {drug} is what caused my {sym2}.", "causal"),
    ("{drug} didn't help my {sym} at all.", "efficacy"),
    ("{treat} is the reason I'm still working.", "efficacy"),
    ("After {dur} on {drug} my {test} results are finally normal.", "efficacy"),
    ("For me it was {trig} all along.", "causal"),
    ("My {sym} seems to flare whenever I'm stressed.", "causal"),
    ("I feel like {drug} made my {sym} a bit better, but it's hard to say.", "efficacy"),
)
CLAIM = (
    ("{short} is an autoimmune disease.", "other"),
    ("Most people with {short} never need surgery.", "prevalence"),
    ("{drug} can cause {sym2} in some people.", "causal"),
    ("Stress is a huge trigger for {short}.", "causal"),
    ("There is no cure for {short}, only management.", "other"),
    ("{treat} works for most people.", "efficacy"),
    ("{trig} is one of the most common triggers.", "prevalence"),
    ("{sym} is a classic sign of {short}.", "diagnostic"),
    ("{drug} takes at least {dur} to kick in.", "efficacy"),
    ("You can't diagnose {short} from one blood test.", "diagnostic"),
    ("{short} is really common in women.", "prevalence"),
    ("{drug} is not addictive.", "other"),
    ("A lot of people with {short} also have {sym}.", "prevalence"),
    ("{trig} makes {short} worse.", "causal"),
    ("The side effects of {drug} usually wear off after a few weeks.", "efficacy"),
    ("{short} doesn't always show up on {test}.", "diagnostic"),
    ("{drug} is one of the safest options out there.", "efficacy"),
    ("{treat} does nothing for {short}, it's a waste of money.", "efficacy"),
    ("Inflammation is what causes the {sym}.", "causal"),
    ("{short} is often misdiagnosed as anxiety.", "diagnostic"),
    ("It's usually genetic.", "causal"),
    ("Most {short} comes from overuse, not from one injury.", "causal"),
    ("Doctors don't know much about {short}.", "other"),
    ("Everyone reacts to {drug} differently.", "other"),
    ("{drug} lowers your immune system, so you catch everything.", "causal"),
    ("There's good evidence that {treat} helps with {sym}.", "efficacy"),
    ("{sym} can be a symptom of a lot of things.", "diagnostic"),
    ("{short} flares are often set off by {trig}.", "causal"),
    ("It can take years to get a diagnosis.", "diagnostic"),
    ("{drug} is a lifesaver for a lot of people.", "efficacy"),
    ("It's not in your head.", "other"),
    ("{short} affects everyone differently.", "other"),
    ("Gut health plays a big role in {short}.", "causal"),
    ("{drug} and alcohol don't mix.", "causal"),
    ("High doses of {drug} can damage your liver.", "causal"),
    ("Vitamin D deficiency is super common with {short}.", "prevalence"),
    ("The {test} is the only way to know for sure.", "diagnostic"),
    ("{treat} is first line treatment for {short}.", "other"),
    ("Untreated {short} gets worse over time.", "other"),
    ("Only a small percentage of people get {sym2} from {drug}.", "prevalence"),
    ("Sleep is the most important thing for managing {short}.", "efficacy"),
    ("{short} is caused by the immune system attacking healthy tissue.", "causal"),
    ("A normal {test} doesn't rule out {short}.", "diagnostic"),
    ("{trig} has nothing to do with {short}.", "causal"),
)
QUESTION = (
    "Has anyone tried {drug}?",
    "How long did it take for {drug} to work for you?",
    "Is it normal to have {sym} after starting {drug}?",
    "Does anyone else get {sym} with their {short}?",
    "Any tips for dealing with {sym}?",
    "What should I ask my {doc}?",
    "Should I go to the ER?",
    "Is {sym} a symptom of {short}?",
    "How do you guys deal with {sym} at work?",
    "What helped your {sym}?",
    "Did {drug} cause weight gain for anyone?",
    "Can {trig} really cause a {event}?",
    "Has anyone switched from {drug} to {drug2}?",
    "How long did it take you to get diagnosed?",
    "What was your first symptom?",
    "Is this worth pushing my {doc} about?",
    "Would {treat} help with {sym}?",
    "Anyone have experience with {treat}?",
    "Does {drug} interact with alcohol?",
    "What dose of {drug} are you on?",
    "Is there anything I can do to speed up recovery?",
    "Am I overreacting?",
    "How long do {event}s usually last?",
    "Where do I even start?",
    "Who should I see about this?",
    "Did anyone else's {sym} go away on its own?",
    "What are the side effects of {drug} like?",
    "Do I need to see a specialist for this?",
    "Any advice would be appreciated.",
    "Please let me know if anyone has been through this.",
    "I'm wondering if anyone has had a similar experience with {drug}.",
    "Curious if {treat} worked for anyone here.",
    "Is it safe to take {drug} and {drug2} together?",
    "Should I be worried about {sym}?",
    "Why does my {sym} get worse at night?",
    "When did you start feeling better?",
    "Could this be {short} or something else?",
    "Which tests did they run before you were diagnosed?",
    "What treatment are you on now?",
    "Is it possible to have {short} with a normal {test}?",
    "Does insurance usually cover {drug}?",
    "Which is better, {drug} or {drug2}?",
    "Did your {sym} ever fully settle?",
    "Does {treat} actually work?",
)
NONE = (
    "Hi everyone.",
    "Hey all,",
    "Thanks in advance!",
    "Sorry for the long post.",
    "Just needed to vent.",
    "Thank you for reading.",
    "Edit: formatting.",
    "Long time lurker, first time poster.",
    "Ugh.",
    "Anyway.",
    "Sorry if this is the wrong place to post this.",
    "Hope everyone is having a good day.",
    "Thanks for listening.",
    "Any replies are welcome, good or bad.",
    "Mobile, so sorry for the formatting.",
    "Love this community.",
    "I just don't know anymore.",
    "I'm so tired of all of this.",
    "It's been a long week.",
    "Wish me luck!",
    "Sending hugs to all of you.",
    "Stay strong everyone.",
    "TL;DR: see above.",
    "Update at the bottom.",
    "I work from home most days.",
    "My boss has been understanding about it.",
    "We just moved to a new city.",
    "I'm a student so money is tight.",
    "Not sure what else to say.",
    "Just putting this out there.",
    "This is my first post here.",
    "Thanks for all the replies last time!",
    "I'll update when I know more.",
    "Good luck to everyone going through this.",
    "I'm so frustrated right now.",
    "Honestly I'm scared.",
    "Life has been a rollercoaster.",
    "It is what it is.",
    "Bless you all.",
    "Lol.",
    "Ok rant over.",
    "I know everyone is different.",
    "Not looking for medical advice, just support.",
    "You're not alone.",
    "I'm 31, female, and work in retail.",
    "Happy Friday everyone!",
    "This sub has been a lifesaver.",
    "Cheers.",
    "I hate this so much.",
    "Whew.",
    "Here goes.",
    "Throwaway account for privacy.",
    "Right?",
    "Wish I had found this group sooner.",
    "I feel like I'm going crazy.",
    "Such is life.",
    "My cat has been my rock through all of this.",
    "We'll see how it goes.",
    "Thank you all so much.",
    "I don't even know why I'm posting this.",
    "Guess what?",
    "Ya know?",
    "https://example.org/article",
    "(sorry, English is not my first language)",
    "Much love.",
    "PS: I'm in the UK.",
    "I'm in the US.",
)
NONE_PERSONAL = (
    "I work nights at a warehouse, so my schedule is all over the place.",
    "My kids start school next week.",
    "I've been reading this sub for a while now.",
    "I'm going on holiday next month.",
    "I told my boss today.",
    "I called the pharmacy twice and nobody picked up.",
    "My appointment got moved to Thursday.",
    "I had to fill out about ten forms.",
    "My insurance is being a pain about the paperwork.",
    "I finally got a new phone, so I can post pictures now.",
    "I'm not sure if I'm overthinking this.",
    "I've been trying to stay positive.",
    "I keep going back and forth on what to do.",
    "I want to get back to running by summer.",
    "I'm hoping to hear back from the clinic soon.",
    "I live alone, so it's hard to get to appointments.",
    "My family doesn't really get it.",
    "I don't want to sound dramatic.",
    "I just want to feel normal again.",
    "I have a few questions for you all.",
    "I'll try to keep this short.",
    "I wanted to share in case it helps someone.",
    "I've read a lot of your posts.",
    "I drove two hours to get to the clinic.",
    "I spent the whole weekend on the couch watching movies.",
    "I'm a nurse myself, which makes it weirder.",
    "I moved here for work last year.",
    "I'm 40 and a dad of two.",
    "My wife has been amazing through all this.",
    "I searched this sub but couldn't find much.",
    "I asked the same thing on another forum.",
    "We're planning a trip in the spring.",
    "I start a new job Monday.",
    "I wrote everything down before the appointment.",
    "I had a long chat with my sister about it.",
    "I didn't sleep much last night thinking about it.",
    "I got a second opinion booked for May.",
    "My neighbour drove me to the hospital.",
    "I have to take the bus to every appointment.",
    "I'm trying to save up for a better mattress.",
    "I paid out of pocket for the visit.",
    "I'm the type of person who reads every study.",
    "I'm honestly just venting at this point.",
    "My partner came with me to the appointment.",
    "I took the day off to rest.",
)
STORY_GLUE = (
    "It started out of nowhere.",
    "At first I thought it was nothing.",
    "Then it got worse.",
    "It went on like that for {dur}.",
    "Nobody could tell me what was going on.",
    "They sent me home with nothing.",
    "So I went back.",
    "That was the worst part.",
    "It was a nightmare, honestly.",
    "Fast forward to now.",
    "After that it was fine for a while.",
    "That's when things changed.",
    "I didn't think much of it.",
    "The next day was the same.",
    "I could barely get out of bed.",
    "I was terrified.",
    "I cried in the car afterwards.",
    "Nothing seemed to make a difference.",
    "I kept going back every few weeks.",
    "It came and went for a while.",
    "Then {when} it all came back.",
    "I had to leave work early most days.",
    "Long story short, I ended up back at square one.",
    "Some days were better than others.",
    "By then I was exhausted.",
    "That lasted about {dur}.",
    "I tried to push through it.",
    "My family was really worried.",
    "I honestly thought I was dying.",
    "It took ages to get an appointment.",
    "Then the same thing happened again.",
    "I didn't tell anyone for a long time.",
)
"""Narrative sentences that, read alone, look like nothing in particular: inside a story they belong to its span."""
CONCLUSIONS = (
    ("So for me it was definitely the {drug}.", "causal"),
    ("That's how I know {trig} is my trigger.", "causal"),
    ("So yes, {treat} works, at least for me.", "efficacy"),
    ("Looking back, the {sym} was the first sign of {short} all along.", "diagnostic"),
    ("So in my case {drug} did more harm than good.", "efficacy"),
    ("Since then I'm convinced it was {trig} that set it off.", "causal"),
    ("Honestly {treat} is what got me through it.", "efficacy"),
    ("Now I know the {sym} comes from not sleeping enough.", "causal"),
    ("That's why I'll never go back on {drug}.", "efficacy"),
    ("So the stress was clearly making it worse.", "causal"),
    ("Turns out it was the {drug} causing the {sym} the whole time.", "causal"),
    ("For me the {drug2} has worked way better than the {drug}.", "efficacy"),
    ("It really was {trig}, because as soon as I cut it out I was fine.", "causal"),
    ("So {test} was the only thing that actually showed what was wrong.", "diagnostic"),
    ("In the end getting my sleep sorted helped more than any pill.", "efficacy"),
)
"""Conclusions drawn from a story just told: an experience-based claim."""
STORY_SHARE = 0.85
"""How often a story-shaped post tells its experience as one passage of several sentences."""
ADVICE = (
    "Hang in there.",
    "Tell your {doc} if it isn't working.",
    "Drink plenty of water and rest up.",
    "Write your symptoms down before the appointment.",
    "Don't let them brush you off.",
    "Push for a referral if you need one.",
    "Ask your {doc} about {drug}.",
    "Take it one day at a time.",
    "If it gets worse, go to urgent care.",
    "Keep a diary of what you eat and how you feel.",
    "Give it a few weeks before you decide.",
    "Be kind to yourself.",
    "Make sure you mention the {sym} too.",
    "Bring someone with you to the appointment.",
)
"""Advice and encouragement to the reader: no label (it tells what to do, it does not state a health fact)."""
TITLE_TOPICS = (
    "{drug} and {sym}",
    "{short} diagnosis",
    "My {short} story",
    "{treat}?",
    "Question about {drug}",
    "New here",
    "{sym} help",
    "Finally some good news",
    "Vent",
    "Update on {drug}",
    "Advice please",
    "{drug} side effects",
    "Just diagnosed with {short}",
    "{short} and work",
    "Need help",
    "{sym} after {drug}",
    "Success with {treat}",
    "Scared",
    "Does this sound like {short}?",
    "{trig} and {short}",
    "3 months in",
)
LEADS = ("So ", "Also ", "And ", "But ", "Honestly ", "Anyway, ", "Basically ", "Well, ", "Then ", "Now ")
HEDGES = (
    "I think ",
    "I believe ",
    "From what I've read, ",
    "I'm pretty sure ",
    "Maybe ",
    "It seems like ",
    "In my experience, ",
    "Apparently ",
    "I could be wrong but ",
)
PASSAGE_SHARE = 0.4
"""How often an experience-based claim comes with the one to three sentences of experience it is drawn from."""
PASSAGE_GAP = 2
"""At most this many unlabelled sentences inside one narrative passage."""
CHATTER = 0.4
"""How often unlabelled sentences follow a sentence (about half of all sentences end up unlabelled)."""
EMOJI = (" 😭", " 🙂", " 😩", " 🙏", " ❤️", " :(", " :)", " lol", " haha")


@dataclass
class Voice:
    """How one writer writes: their habits are drawn once per post so a post is consistent."""

    lowercase: bool
    no_apostrophes: bool
    drop_periods: float
    typos: float
    emoji: float
    text_speak: bool
    newline_sentences: bool
    slots: dict[str, str] = field(default_factory=dict)


def fill(template: str, rng: random.Random, slots: dict[str, str], cond: Condition) -> str:
    """The template with its slots filled; per-post slots stay fixed, per-sentence ones are drawn each time."""
    fresh = {
        "sym2": rng.choice(cond.symptoms),
        "drug2": rng.choice(cond.drugs),
        "treat2": rng.choice(cond.treatments),
        "test2": rng.choice(cond.tests),
        "dur": rng.choice(DURATIONS),
        "when": rng.choice(WHEN),
        "dose": rng.choice(DOSES),
    }
    text = template.format(**{**fresh, **slots})
    return text[0].upper() + text[1:]


def roughen(text: str, voice: Voice, rng: random.Random) -> str:
    """The sentence as this writer would type it."""
    if voice.no_apostrophes:
        text = re.sub(r"\b(I|i)'m\b", "Im", text)
        text = re.sub(r"(\w)'(t|ve|ll|d|s)\b", r"\1\2", text)
    if voice.text_speak:
        text = re.sub(r"\byou\b", "u", text)
        text = re.sub(r"\bbecause\b", "bc", text)
        text = re.sub(r"\bto be honest\b|\bHonestly\b", "tbh", text)
    if voice.typos and rng.random() < voice.typos:
        words = text.split(" ")
        long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            text = " ".join(words)
    if voice.lowercase:
        text = text.lower()
    if text[-1:] == "." and rng.random() < voice.drop_periods:
        text = text[:-1]
    if rng.random() < voice.emoji:
        text += rng.choice(EMOJI)
    return text


def pick_claim(rng: random.Random, pool: tuple[tuple[str, str], ...]) -> tuple[str, str, bool, str]:
    """A claim template, its type, whether it is hedged, and the hedge prefix to write (possibly none)."""
    template, claim_type = rng.choice(pool)
    hedged = bool(re.search(r"\b(?:I think|probably|may|might|seems|hard to say|pretty sure)\b", template))
    prefix = ""
    if not hedged and rng.random() < 0.3:
        prefix = rng.choice(HEDGES)
        hedged = True
    return template, claim_type, hedged, prefix


def plan_post(rng: random.Random) -> list[str]:
    """The sequence of sentence kinds in one post, by its shape (asking, story, informing, report, short)."""
    shape = rng.choices(("ask", "story", "inform", "report", "short", "reply"), (30, 25, 12, 13, 10, 10))[0]
    kinds = ["title"] if shape != "reply" else []
    if rng.random() < 0.35:
        kinds.append("none")
    n = lambda a, b: rng.randint(a, b)  # noqa: E731
    if shape == "ask":
        body = ["per_exp"] * n(1, 4) + ["claim_per_exp"] * n(0, 1) + ["none"] * n(1, 4)
        rng.shuffle(body)
        kinds += body + ["question"] * n(1, 3)
    elif shape == "story" and rng.random() < STORY_SHARE:
        # One experience told over several sentences (one span), often followed by what the writer concluded.
        told = rng.choices((["story"], ["story", "conclusion"], ["reasoned_story"]), (35, 35, 30))[0]
        kinds += told + ["none"] * n(0, 2)
        if rng.random() < 0.4:
            kinds += ["per_exp"] * n(1, 2) if rng.random() < 0.5 else ["story"]
        if rng.random() < 0.3:
            kinds += ["claim"]
        kinds += ["question"] * n(0, 2)
    elif shape == "story":
        body = ["per_exp"] * n(3, 8) + ["claim_per_exp"] * n(1, 2) + ["none"] * n(2, 6) + ["claim"] * n(0, 1)
        rng.shuffle(body)
        kinds += body + ["question"] * n(0, 1)
    elif shape == "inform":
        body = ["claim"] * n(2, 5) + ["claim_per_exp"] * n(0, 1) + ["per_exp"] * n(0, 2) + ["none"] * n(0, 2)
        rng.shuffle(body)
        kinds += body
    elif shape == "report":
        body = ["per_exp"] * n(1, 3) + ["claim_per_exp"] * n(1, 2) + ["claim"] * n(0, 1) + ["none"] * n(1, 3)
        rng.shuffle(body)
        if rng.random() < 0.5:
            body = [rng.choice(("reasoned_story", "story")), *body[:3]]
        kinds += body
    elif shape == "short":
        kinds += ["question"] * n(0, 1) + ["per_exp"] * n(0, 1)
    else:
        body = ["claim_per_exp"] * n(0, 2) + ["claim"] * n(0, 2) + ["per_exp"] * n(1, 2) + ["question"] * n(0, 1)
        rng.shuffle(body)
        kinds += body + ["none"] * n(0, 1)
    if rng.random() < 0.4:
        kinds.append("none")
    # Forum posts are mostly small talk, logistics and feelings around the few statements that matter.
    padded: list[str] = []
    for kind in kinds:
        padded.append(kind)
        if kind not in ("title", "story", "reasoned_story") and rng.random() < CHATTER:
            padded += ["none"] * rng.randint(1, 2)
    return padded


def make_post(number: int, rng: random.Random) -> dict[str, object]:
    """One post: text and its sentence-level spans."""
    cond = rng.choice(CONDITIONS)
    rel, pro, poss = rng.choice(RELATIVES)
    slots = {
        "cond": cond.name,
        "short": cond.short,
        "sym": rng.choice(cond.symptoms),
        "drug": rng.choice(cond.drugs),
        "treat": rng.choice(cond.treatments),
        "doc": cond.doctor,
        "trig": rng.choice(cond.triggers),
        "event": rng.choice(cond.events),
        "test": rng.choice(cond.tests),
        "rel": rel,
        "pro": pro,
        "poss": poss,
    }
    careless = rng.random()
    voice = Voice(
        lowercase=careless > 0.8,
        no_apostrophes=careless > 0.6 and rng.random() < 0.7,
        drop_periods=0.5 if careless > 0.7 else 0.05,
        typos=0.25 if careless > 0.5 else 0.03,
        emoji=0.1 if rng.random() < 0.3 else 0.0,
        text_speak=careless > 0.85,
        newline_sentences=rng.random() < 0.15,
    )
    text = ""
    spans: list[dict[str, object]] = []
    parts: list[dict[str, object]] = []
    for i, kind in enumerate(plan_post(rng)):
        attrs: dict[str, object] = {}
        if kind == "title":
            title = rng.choice(QUESTION) if rng.random() < 0.35 else rng.choice(TITLE_TOPICS)
            sentence = fill(title, rng, slots, cond).rstrip(".")
            label = "question" if sentence.endswith("?") and len(sentence.split()) > 2 else None
            text = sentence + "\n"
            if label:
                spans.append({"start": 0, "end": len(sentence), "label": label})
            continue
        told = kind in ("story", "reasoned_story")  # a passage comes roughened sentence by sentence
        if kind == "story":
            sentence = story(rng, slots, cond, voice)
            kind = "per_exp"
        elif kind == "reasoned_story":
            # A story that ends in what the writer concluded from it is one experience-based claim (README rule 3).
            template, claim_type, hedged, prefix = pick_claim(rng, CONCLUSIONS + CLAIM_PER_EXP)
            conclusion = fill(template, rng, slots, cond)
            if prefix:
                conclusion = prefix + conclusion[0].lower() + conclusion[1:]
            sentence = join_sentences([story(rng, slots, cond, voice), roughen(conclusion, voice, rng)], voice, rng)
            attrs = {"claim_type": claim_type, "hedged": hedged}
            kind = "claim_per_exp"
        elif kind in ("claim", "claim_per_exp", "conclusion"):
            pool = {"claim": CLAIM, "claim_per_exp": CLAIM_PER_EXP, "conclusion": CONCLUSIONS + CLAIM_PER_EXP}[kind]
            kind = "claim_per_exp" if kind == "conclusion" else kind
            template, claim_type, hedged, prefix = pick_claim(rng, pool)
            sentence = fill(template, rng, slots, cond)
            if prefix:
                sentence = prefix + sentence[0].lower() + sentence[1:]
            attrs = {"claim_type": claim_type, "hedged": hedged}
            if kind == "claim_per_exp" and rng.random() < PASSAGE_SHARE:
                # The experience a conclusion is drawn from, told right before it, belongs to the same span.
                pool = [PER_EXP] * 3 + [STORY_GLUE]
                lead = [fill(rng.choice(rng.choice(pool)), rng, slots, cond) for _ in range(rng.randint(1, 3))]
                sentence = join_sentences([roughen(s, voice, rng) for s in lead] + [sentence], voice, rng)
        elif kind == "per_exp":
            sentence = fill(rng.choice(PER_EXP), rng, slots, cond)
        elif kind == "question":
            sentence = fill(rng.choice(QUESTION), rng, slots, cond)
        else:
            pool = rng.choices((NONE_PERSONAL, NONE, ADVICE), (45, 45, 10))[0]
            sentence = fill(rng.choice(pool), rng, slots, cond)
        if kind not in ("none", "question") and rng.random() < 0.15:
            sentence = rng.choice(LEADS) + sentence[0].lower() + sentence[1:]
        if not told:
            sentence = roughen(sentence, voice, rng)
        if text and not text.endswith("\n"):
            text += "\n" if voice.newline_sentences else ("\n\n" if rng.random() < 0.15 else " ")
        elif text and i > 1 and rng.random() < 0.3:
            text += "\n"
        start = len(text)
        text += sentence
        parts.append({"start": start, "end": len(text), "label": None if kind == "none" else kind, **attrs})
    spans += passages(parts)
    return {"post_id": f"own-{number:05d}", "text": text.rstrip("\n") or "Hi", "aligned": True, "spans": spans}


def story(rng: random.Random, slots: dict[str, str], cond: Condition, voice: Voice) -> str:
    """An experience told over 3-6 sentences: events, and the glue and feelings between them, as one passage."""
    count = rng.randint(3, 6)
    sentences = [fill(rng.choice(PER_EXP), rng, slots, cond)]
    for _ in range(count - 1):
        pool = rng.choices((PER_EXP, STORY_GLUE, NONE_PERSONAL), (50, 40, 10))[0]
        sentences.append(fill(rng.choice(pool), rng, slots, cond))
    if rng.random() < 0.15:
        sentences[1] = rng.choice(LEADS) + sentences[1][0].lower() + sentences[1][1:]
    return join_sentences([roughen(s, voice, rng) for s in sentences], voice, rng)


def join_sentences(sentences: list[str], voice: Voice, rng: random.Random) -> str:
    """Sentences of one passage as the writer would run them together."""
    text = sentences[0]
    for sentence in sentences[1:]:
        text += "\n" if voice.newline_sentences else (" " if rng.random() < 0.93 else "\n")
        text += sentence
    return text


def passages(parts: list[dict[str, object]]) -> list[dict[str, object]]:
    """Sentence spans joined into passages: a story goes on across the small talk inside it (README.md, rule 5).

    Two spans of one narrative label (per_exp, claim_per_exp) with at most ``PASSAGE_GAP`` unlabelled
    sentences between them are one span; so are adjacent spans of one label.
    """
    spans: list[dict[str, object]] = []
    last_labelled: dict[str, int] = {}
    for i, part in enumerate(parts):
        label = part["label"]
        if label is None:
            continue
        j = last_labelled.get(label)  # type: ignore[arg-type]
        gap = parts[j + 1 : i] if j is not None else None
        joinable = label in ("per_exp", "claim_per_exp") or not gap
        if gap is not None and len(gap) <= PASSAGE_GAP and joinable and all(g["label"] is None for g in gap):
            spans[-1]["end"] = part["end"]
        else:
            spans.append(dict(part))
        last_labelled = {label: i}  # type: ignore[dict-item]
    return spans


def main() -> None:
    rng = random.Random(SEED)
    with OUT.open("w", encoding="utf-8") as handle:
        for number in range(POSTS):
            handle.write(json.dumps(make_post(number, rng), ensure_ascii=False) + "\n")
    print(f"wrote {POSTS} posts to {OUT}")


if __name__ == "__main__":
    main()
