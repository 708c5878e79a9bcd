"""The respondent-group registry is the one place a group is defined: adding a group
touches surveys/groups.py, a questionnaire and translations only."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import models

from samla.results import models as result_models
from samla.surveys import models as survey_models
from samla.surveys.groups import GROUPS, RESPONDENT_GROUPS

SAMLA = Path(survey_models.__file__).resolve().parent.parent
# Where a group may be named by its code: the registry; the demo and the bench data, which
# pick groups to show; migrations (history); Samla's own questionnaires.
MAY_NAME_GROUPS = ("surveys/groups.py", "migrations/", "surveys/library/", "demo")


def _code_pattern() -> re.Pattern[str]:
    codes = "|".join(re.escape(group.code) for group in GROUPS)
    return re.compile(rf"""["']({codes})["']""")


def test_no_module_outside_the_registry_names_a_respondent_group():
    pattern = _code_pattern()
    named = []
    for path in sorted(SAMLA.rglob("*")):
        relative = path.relative_to(SAMLA).as_posix()
        if path.suffix not in (".py", ".html", ".txt") or any(
            part in relative for part in MAY_NAME_GROUPS
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                named.append(f"{relative}:{number}: {line.strip()}")
    assert named == []


def test_every_respondent_group_field_reads_its_choices_from_the_registry():
    fields = [
        field
        for module in (survey_models, result_models)
        for model in vars(module).values()
        if isinstance(model, type) and issubclass(model, models.Model) and not model._meta.abstract
        for field in model._meta.get_fields()
        if field.name == "respondent_group" and not model.__name__.startswith("Historical")
    ]
    assert len(fields) == 8
    for field in fields:
        # The migrations name the function, so a new group needs no migration.
        assert field.deconstruct()[3]["choices"] is survey_models.respondent_group_choices
        assert [code for code, _label in field.choices] == list(RESPONDENT_GROUPS)
