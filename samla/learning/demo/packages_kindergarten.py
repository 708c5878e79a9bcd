"""The demo kindergarten programme's packages for all staff (and the two for leaders)."""

from __future__ import annotations

from .catalogue import (
    ALL_STAFF,
    LANGUAGE,
    PLAY,
    SUBJECT,
    DemoModule,
    DemoPackage,
    analysis_module,
    preparation,
)
from .packages_leadership import LEADING_DEVELOPMENT_PACKAGE, LEADING_GROUPS_PACKAGE

KINDERGARTEN_PACKAGES: tuple[DemoPackage, ...] = (
    DemoPackage(
        LANGUAGE,
        "Språk",
        ALL_STAFF,
        "Hvordan personalet skaper et rikt språkmiljø for alle barn i lek, samtaler og rutiner.",
        (
            preparation(LANGUAGE),
            DemoModule(
                "Samtaler med barn i hverdagen",
                SUBJECT,
                "Se hvordan de voksne kan gjøre samtalene med barna lengre og rikere.",
                "Del eksempler på lange og korte samtaler fra egen avdeling. Hva gjorde "
                "forskjellen?",
                "Ha en lengre samtale med tre barn hver dag i en uke, og noter hva som skjer.",
                "Hvilke barn snakker du sjelden med? Når kan du få tid til dem?",
            ),
            DemoModule(
                "Språk i lek og rutiner",
                SUBJECT,
                "Bruke måltider, påkledning og lek til språklig samspill.",
                "Velg én rutine og finn tre måter å bruke den til samtale på.",
                "Prøv det ut på avdelingen og ta med erfaringene.",
                "I hvilke rutiner snakkes det lite i dag?",
            ),
            DemoModule(
                "Barn som trenger mer språkstøtte",
                SUBJECT,
                "Fange opp og støtte barn som trenger mer hjelp med språket, også barn med "
                "flere språk.",
                "Drøft hvordan dere følger med på barnas språk, og hva dere gjør når dere er "
                "bekymret.",
                "Avtal hvordan avdelingen støtter ett barn gjennom dagen.",
                "Hvordan tar vi vare på barnas morsmål?",
            ),
            analysis_module("språkmiljøet"),
        ),
    ),
    DemoPackage(
        PLAY,
        "Lek og vennskap",
        ALL_STAFF,
        "Lekens betydning for barns vennskap og trivsel, og de voksnes rolle i å gi alle "
        "barn en plass i leken.",
        (
            preparation(PLAY),
            DemoModule(
                "Leken og vennskapene",
                SUBJECT,
                "Se hvordan leken gir barna venner og tilhørighet.",
                "Tegn et kart over hvem som leker med hvem på avdelingen (bare til internt bruk).",
                "Observer leken ute i en uke og noter barn som står utenfor.",
                "Hvilke barn faller ofte utenfor leken, og hvorfor?",
            ),
            DemoModule(
                "Den voksnes rolle i leken",
                SUBJECT,
                "Finne balansen mellom å delta, å støtte og å trekke seg tilbake.",
                "Drøft situasjoner der en voksen hjalp et barn inn i leken.",
                "Gå inn i en lek sammen med et barn som står utenfor, og trekk deg gradvis ut.",
                "Når forstyrrer vi leken, og når trengs vi?",
            ),
            DemoModule(
                "Relasjonen mellom voksne og barn",
                SUBJECT,
                "Se hvordan trygge relasjoner til de voksne gir barna trivsel og mot til å leke.",
                "Del hvordan dere bygger relasjon til barn som er vanskelige å nå.",
                "Gi ett barn ekstra oppmerksomhet i to uker.",
                "Har hvert barn minst én voksen det er trygt på?",
            ),
            analysis_module("lek og relasjoner"),
        ),
    ),
    LEADING_DEVELOPMENT_PACKAGE,
    LEADING_GROUPS_PACKAGE,
)
