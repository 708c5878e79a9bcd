"""THE list of notification kinds: what Samla tells people, grouped as the settings page
shows them. Each kind's texts (title and body in the recipient's language) live beside
the source that finds it due (``sources/``); ``texts.py`` joins them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DEADLINE_WEEK = "deadline_week", _("A deadline is a week away")
    DEADLINE_TODAY = "deadline_today", _("A deadline is today")
    ROUND_OPENED = "round_opened", _("A survey round has opened")
    ROUND_LOW_RATE = "round_low_rate", _("Few have answered halfway through a round")
    MEETING_TOMORROW = "meeting_tomorrow", _("A learning-group meeting is tomorrow")
    ANALYSIS_COMMENT = "analysis_comment", _("A comment on an analysis")
    ANALYSIS_SHARED = "analysis_shared", _("An analysis was shared with the owner")
    ANALYSIS_WITHDRAWN = "analysis_withdrawn", _("An analysis was withdrawn from the owner")
    MEASURE_EVALUATION_DUE = "measure_evaluation_due", _("Measures are due for evaluation")
    RESULTS_RELEASED = "results_released", _("Results have been released")
    BUILD_FAILED = "build_failed", _("A results build failed")
    NEEDS_REPORT_DUE = "needs_report_due", _("A needs report is due")
    YEARLY_REPORT_DUE = "yearly_report_due", _("A yearly report is due")


class Channel(models.TextChoices):
    """How a kind reaches a person by e-mail (in the app it always shows)."""

    IMMEDIATELY = "immediately", _("E-mail at once")
    DIGEST = "digest", _("In the daily digest")
    NONE = "none", _("Only in Samla")


# Kinds grouped under a heading on the settings page, in this order.
GROUPS: tuple[tuple[str, tuple[Kind, ...]], ...] = (
    (_("Deadlines"), (Kind.DEADLINE_WEEK, Kind.DEADLINE_TODAY)),
    (
        _("Surveys and results"),
        (Kind.ROUND_OPENED, Kind.ROUND_LOW_RATE, Kind.RESULTS_RELEASED, Kind.BUILD_FAILED),
    ),
    (_("Learning groups"), (Kind.MEETING_TOMORROW,)),
    (
        _("Pedagogical analysis"),
        (
            Kind.ANALYSIS_COMMENT,
            Kind.ANALYSIS_SHARED,
            Kind.ANALYSIS_WITHDRAWN,
            Kind.MEASURE_EVALUATION_DUE,
        ),
    ),
    (_("Partnership"), (Kind.NEEDS_REPORT_DUE, Kind.YEARLY_REPORT_DUE)),
)
