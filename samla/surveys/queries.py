"""Reads for the collection pages: questionnaires and uploads, rounds, children's lists
(response rates: rates.py). The pages call these; access is decided before, by the caller."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from samla.core.text import label_in
from samla.org.models import Group, Programme, Unit

from .groups import CHILD_CODE_GROUPS
from .instrument import Instrument
from .models import (
    RESPONDENT_GROUP_LABELS,
    AccessCode,
    Child,
    CodeState,
    Consent,
    InstrumentUpload,
    InstrumentVersion,
    Reservation,
    Round,
    RoundInstrument,
)


def group_label(respondent_group: str):
    """A respondent group's label (lazy, in the language of the page), or its code."""
    return RESPONDENT_GROUP_LABELS.get(respondent_group, respondent_group)


# --- questionnaires ------------------------------------------------------------------------


def instrument_forms(language: str) -> list[dict]:
    """Every published form with its versions, newest first, for the questionnaire list;
    the newest version's title names the form."""
    forms_by_id: dict[str, dict] = {}
    for version in InstrumentVersion.objects.select_related("published_by").defer(
        "definition", "source"
    ):
        # Versions come newest first: the first one names the form.
        entry = forms_by_id.setdefault(
            version.form_id,
            {
                "form_id": version.form_id,
                "title": label_in(version.title, language, None),
                "versions": [],
            },
        )
        entry["versions"].append(
            {"version": version, "respondent_group": group_label(version.respondent_group)}
        )
    return list(forms_by_id.values())


def waiting_uploads(person, limit: int) -> QuerySet[InstrumentUpload]:
    """The person's own uploads not published, newest first (without their files)."""
    return InstrumentUpload.objects.filter(uploaded_by=person, published__isnull=True).defer(
        "source"
    )[:limit]


def own_upload(person, pk: int) -> InstrumentUpload | None:
    """The person's own upload ``pk`` with the version it became, or None."""
    return (
        InstrumentUpload.objects.select_related("published")
        .defer("published__definition", "published__source")
        .filter(pk=pk, uploaded_by=person)
        .first()
    )


def published_version(pk: int, fields: tuple[str, ...] = ()) -> InstrumentVersion | None:
    """Version ``pk`` with only ``fields`` read (all when empty), or None."""
    versions = InstrumentVersion.objects.all()
    if fields:
        versions = versions.only(*fields)
    if not fields or "published_by" in fields:
        versions = versions.select_related("published_by")
    return versions.filter(pk=pk).first()


def same_or_taken(
    instrument: Instrument, digest: str
) -> tuple[InstrumentVersion | None, InstrumentVersion | None]:
    """The version with this content (already published), else the version that has the
    instrument's form id and version with other content (the version must change)."""
    same = (
        InstrumentVersion.objects.filter(content_hash=digest)
        .only("pk", "form_id", "version", "published_at")
        .first()
    )
    if same:
        return same, None
    return None, taken_version(instrument, only=("pk", "form_id", "version"))


def taken_version(instrument: Instrument, only: tuple[str, ...] = ()) -> InstrumentVersion | None:
    """The published version with the instrument's form id and version, or None."""
    versions = InstrumentVersion.objects.filter(
        form_id=instrument.form_id, version=instrument.version
    )
    return (versions.only(*only) if only else versions).first()


def latest_published(
    form_id: str, *, before: InstrumentVersion | None = None
) -> InstrumentVersion | None:
    """The form's newest version (published before ``before``, if given), without its file."""
    versions = InstrumentVersion.objects.filter(form_id=form_id)
    if before is not None:
        versions = versions.filter(published_at__lt=before.published_at).exclude(pk=before.pk)
    return versions.defer("source").order_by("-published_at").first()


def version_rounds(version: InstrumentVersion, programmes) -> list[dict]:
    """The rounds of the given programmes that ask this version, newest first."""
    usages = (
        RoundInstrument.objects.filter(version=version, round__programme__in=programmes)
        .select_related("round__programme")
        .order_by("-round__opens_at")
    )
    return [
        {"round": usage.round, "respondent_group": group_label(usage.respondent_group)}
        for usage in usages
    ]


# --- rounds --------------------------------------------------------------------------------


def round_questionnaires(round: Round) -> list[tuple]:
    """(respondent group's label, version) for each questionnaire of the round."""
    return [
        (group_label(ri.respondent_group), ri.version)
        for ri in round.instruments.select_related("version").order_by("respondent_group")
    ]


def round_has_codes(round: Round) -> bool:
    return AccessCode.objects.filter(round=round).exists()


def locked_respondent_groups(round: Round) -> set[str]:
    """The respondent groups that have codes in the round (their questionnaire is fixed):
    one query asking, per group, whether a first code exists (a national round has 45 000
    codes; reading their groups took 50 ms)."""
    groups = list(RESPONDENT_GROUP_LABELS)
    found = (
        Round.objects.filter(pk=round.pk)
        .values_list(
            *(
                Exists(AccessCode.objects.filter(round=OuterRef("pk"), respondent_group=group))
                for group in groups
            )
        )
        .first()
    )
    return {group for group, has in zip(groups, found or (), strict=False) if has}


def programme_units(round: Round) -> list[Unit]:
    """The units enrolled in the round's programme, by owner and name: the open ones, and
    closed ones already in the round (a closed unit gets no new rounds)."""
    return list(
        Unit.objects.filter(enrolment__programme=round.programme)
        .filter(Q(closed_on__isnull=True) | Q(rounds=round))
        .distinct()
        .select_related("owner")
        .order_by("owner__name", "name")
    )


def programmes(ids) -> QuerySet[Programme]:
    return Programme.objects.filter(pk__in=ids)


def published_versions() -> QuerySet[InstrumentVersion]:
    """Every published version, by form and newest first."""
    return InstrumentVersion.objects.order_by("form_id", "-published_at")


def slug_taken(slug: str, round: Round) -> bool:
    """Whether another round than ``round`` has this short name."""
    return Round.objects.filter(slug=slug).exclude(pk=round.pk).exists()


def round_respondent_groups(round: Round) -> list[str]:
    """The respondent groups with a questionnaire in the round."""
    return list(round.instruments.values_list("respondent_group", flat=True))


def unit_groups(unit_ids) -> list[Group]:
    """The open classes and departments of the units (new codes are made for these only),
    with their unit."""
    return list(Group.objects.open().filter(unit_id__in=unit_ids).select_related("unit"))


# --- children ------------------------------------------------------------------------------


def child_list_groups(round: Round, unit_ids) -> QuerySet[Group]:
    """The units' open classes and departments, and closed classes (that left the unit)
    still holding children, with how many children, reserved and consented in the round."""
    return (
        Group.objects.filter(unit_id__in=unit_ids)
        # Per class, not a set of every child's class: the child table is national.
        .filter(Q(closed_on__isnull=True) | Exists(Child.objects.filter(group_id=OuterRef("pk"))))
        .select_related("unit")
        .annotate(
            child_count=Count("children", distinct=True),
            reserved=Count(
                "children__reservation",
                filter=Q(children__reservation__round=round),
                distinct=True,
            ),
            consented=Count(
                "children__consent", filter=Q(children__consent__round=round), distinct=True
            ),
        )
        .order_by("unit__name", "name")
    )


def child_code_groups(round: Round) -> list[tuple[str, str]]:
    """(respondent group, label) of the round's questionnaires that a code per child makes
    sense for, in the registry's order (see groups.CHILD_CODE_GROUPS)."""
    keys = set(round_respondent_groups(round))
    return [(key, str(RESPONDENT_GROUP_LABELS[key])) for key in CHILD_CODE_GROUPS if key in keys]


def child_rows(round: Round, group: Group, per_child: list[tuple[str, str]]) -> list[dict]:
    """The group's children by name: reserved, consented, and the state of each child's
    code per respondent group in ``per_child`` (revoked codes left out)."""
    children = list(group.children.select_related("name_record").order_by("name_record__name"))
    reserved = set(
        Reservation.objects.filter(round=round, child__group=group).values_list(
            "child_id", flat=True
        )
    )
    consented = set(
        Consent.objects.filter(round=round, child__group=group).values_list("child_id", flat=True)
    )
    codes: dict[int, dict[str, str]] = {}
    for child_id, key, state in (
        AccessCode.objects.filter(round=round, child__group=group)
        .exclude(state=CodeState.REVOKED)
        .values_list("child_id", "respondent_group", "state")
    ):
        codes.setdefault(child_id, {})[key] = state
    return [
        {
            "child": child,
            "name": child.name,
            "reserved": child.pk in reserved,
            "consented": child.pk in consented,
            "states": [
                (
                    label,
                    CodeState(codes[child.pk][key]).label if key in codes.get(child.pk, {}) else "",
                )
                for key, label in per_child
            ],
        }
        for child in children
    ]
