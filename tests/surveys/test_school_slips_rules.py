"""The rules behind a school's code slips: which class fits which questionnaire, the
request refused whole, and the QR code of the answer address."""

import base64
import io
from datetime import date

import pytest
import segno
from PIL import Image

from samla.org.models import Group, GroupKind, Unit
from samla.surveys import codes, services
from samla.surveys.models import AccessCode
from samla.surveys.services import issuing

HOME, ELSEWHERE = Unit(pk=1, name="Bjørkely skole"), Unit(pk=2, name="Engtun skole")


def _class(grade: int, unit: Unit = HOME, **extra) -> Group:
    return Group(unit_id=unit.pk, name=f"{grade}A", kind=GroupKind.CLASS, grade=grade, **extra)


DEPARTMENT = Group(unit_id=HOME.pk, name="Blåbær", kind=GroupKind.DEPARTMENT)


@pytest.mark.parametrize(
    ("respondent_group", "group", "reason"),
    [
        ("pupil_5_7", _class(5), None),
        ("pupil_5_7", _class(7), None),
        ("pupil_5_7", _class(1), "grade_outside"),
        ("pupil_5_7", _class(8), "grade_outside"),
        ("pupil_8_10", _class(6), "grade_outside"),
        ("pupil_8_10", _class(10), None),
        ("guardian", _class(1), None),
        ("teacher", _class(6), "unit_wide"),
        ("school_leader", _class(6), "unit_wide"),
        ("kg_leader", DEPARTMENT, "unit_wide"),
        ("kg_staff", DEPARTMENT, None),
        ("kg_guardian", _class(6), "wrong_kind"),
        ("pupil_5_7", DEPARTMENT, "wrong_kind"),
        ("pupil_5_7", _class(6, ELSEWHERE), "group_not_in_unit"),
        ("pupil_5_7", _class(6, closed_on=date(2026, 8, 1)), "group_closed"),
    ],
)
def test_which_class_fits_which_questionnaire(respondent_group, group, reason):
    misfit = issuing.class_misfit(HOME, group, respondent_group)

    assert (misfit.reason if misfit else None) == reason


def _modules(data_uri: str) -> list[list[int]]:
    """The QR image's modules read back from its pixels (1 = dark), quiet zone dropped."""
    prefix = "data:image/png;base64,"
    assert data_uri.startswith(prefix)
    image = Image.open(io.BytesIO(base64.b64decode(data_uri[len(prefix) :]))).convert("L")
    scale, border = codes.QR_SCALE, 4
    size = image.width // scale
    assert image.width == image.height == size * scale
    return [
        [
            int(image.getpixel((x * scale + scale // 2, y * scale + scale // 2)) < 128)
            for x in range(border, size - border)
        ]
        for y in range(border, size - border)
    ]


def test_the_qr_code_is_segnos_symbol_for_the_answer_address():
    url = "https://samla.example.no/svar/"

    image = _modules(codes.address_qr(url))

    expected = [list(row) for row in segno.make(url, error="m").matrix]
    assert image == expected
    other = [list(row) for row in segno.make("https://samla.example.no/", error="m").matrix]
    assert image != other


def test_misfitting_classes_refuse_the_whole_request_and_make_nothing(demo_org):
    round = demo_org.survey_round()
    one_a, two_b, six_a = (demo_org.school.groups.get(name=name) for name in ("1A", "2B", "6A"))
    before = AccessCode.objects.count()

    with pytest.raises(issuing.ClassSlipsRefused) as refused:
        issuing.issue_class_codes(
            round, demo_org.school, "pupil_5_7", [(one_a, 20), (six_a, 20), (two_b, 18)]
        )

    assert [(m.group, m.reason) for m in refused.value.misfits] == [
        (one_a, "grade_outside"),
        (two_b, "grade_outside"),
    ]
    assert AccessCode.objects.count() == before


@pytest.mark.parametrize(
    ("counts", "reason"),
    [({"6A": 1000, "7A": 501}, "too_many_codes"), ({}, "no_classes"), ({"6A": 0}, "no_classes")],
)
def test_empty_or_oversized_requests_are_refused(demo_org, counts, reason):
    round = demo_org.survey_round()
    pairs = [(demo_org.school.groups.get(name=name), count) for name, count in counts.items()]
    before = AccessCode.objects.count()

    with pytest.raises(services.CollectionError) as refused:
        issuing.issue_class_codes(round, demo_org.school, "pupil_5_7", pairs)

    assert refused.value.reason == reason
    assert AccessCode.objects.count() == before


def test_each_class_gets_its_own_working_codes(demo_org):
    round = demo_org.survey_round()
    five_b, seven_a = (demo_org.school.groups.get(name=name) for name in ("5B", "7A"))

    issued = issuing.issue_class_codes(
        round, demo_org.school, "pupil_5_7", [(five_b, 2), (seven_a, 3)]
    )

    assert [(group, len(made)) for group, made in issued] == [(five_b, 2), (seven_a, 3)]
    for group, made in issued:
        for code in made:
            session = services.start(code)
            assert (session.code.group, session.code.respondent_group) == (group, "pupil_5_7")
