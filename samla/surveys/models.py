"""Survey collection: published questionnaire versions, rounds, access codes, consent and
the anonymous responses.

A ``Response`` holds what results need and nothing that leads back to an access code: no
foreign key to it, no code hash, no client address, no exact time (the date only). The
``Draft`` that lets a respondent resume is sealed under a key derived from the code itself,
found by an id derived from the code too (never its stored HMAC), and is deleted in the
transaction that writes the response: what is left of it in the database's files can be read
only by someone holding the code (see ``services.AccessKey``)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samla.org.models import Group, Person, Programme, Unit

from .groups import GROUPS
from .instrument import Instrument
from .instrument_data import instrument_from_data

# The labels of the respondent groups (see groups.py), translated when shown.
RESPONDENT_GROUP_LABELS = {group.code: _(group.label) for group in GROUPS}
RESPONDENT_GROUP_CHOICES = [(group.code, RESPONDENT_GROUP_LABELS[group.code]) for group in GROUPS]


def respondent_group_choices() -> list[tuple[str, str]]:
    """The respondent-group fields' choices, read from the registry when asked: the
    migrations name this function, not the list, so a new group in groups.py needs no
    migration."""
    return RESPONDENT_GROUP_CHOICES


# Instruments built from published versions, by content hash (equal hash, equal content).
_BUILT: dict[str, Instrument] = {}


class InstrumentVersion(models.Model):
    """A published questionnaire: immutable, identified by the hash of its content."""

    form_id = models.CharField(_("form id"), max_length=100)
    version = models.CharField(_("version"), max_length=50)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=respondent_group_choices
    )
    title = models.JSONField(_("title"), default=dict)
    definition = models.JSONField(_("definition"))
    source = models.BinaryField(_("XLSForm file"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("published by")
    )

    class Meta:
        ordering = ["form_id", "-published_at"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(fields=["form_id", "version"], name="instrument_form_version")
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.version}"

    def instrument(self) -> Instrument:
        """The questionnaire as Samla's model. A published version never changes, so each
        process builds it once per content hash (only the definition is read, on a miss)."""
        found = _BUILT.get(self.content_hash)
        if found is None:
            if "definition" in self.get_deferred_fields() or not self.definition:
                definition = (
                    InstrumentVersion.objects.filter(pk=self.pk)
                    .values_list("definition", flat=True)
                    .get()
                )
            else:
                definition = self.definition
            found = _BUILT[self.content_hash] = instrument_from_data(definition)
        return found


class InstrumentUpload(models.Model):
    """An uploaded XLSForm waiting to be previewed and published (or thrown away)."""

    source = models.BinaryField(_("XLSForm file"))
    file_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    # Chosen on the preview page when the form's settings do not say them.
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, blank=True, choices=respondent_group_choices
    )
    scale_labels = models.JSONField(
        _("index names"), default=dict, blank=True, help_text="index code → language → name"
    )
    published = models.ForeignKey(
        InstrumentVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published as"),
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("uploaded questionnaire")
        verbose_name_plural = _("uploaded questionnaires")

    def __str__(self) -> str:
        return self.file_name


class ConsentRule(models.TextChoices):
    INFORMATION = "information", _("Information only")
    RESERVATION = "reservation", _("Guardians may reserve their child")
    OPT_IN = "opt_in", _("Guardians must consent")


class RoundState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey round", "Draft")
    SCHEDULED = "scheduled", _("Waiting to open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RELEASED = "released", _("Results released")


class Round(models.Model):
    """A survey round such as T3. Opens and closes by itself at the set times."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("E.g. T3."))
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    results_release_on = models.DateField(_("results released on"), null=True, blank=True)
    consent_rule = models.CharField(
        _("consent"), max_length=20, choices=ConsentRule.choices, default=ConsentRule.RESERVATION
    )
    published = models.BooleanField(_("published"), default=False)
    results_released_at = models.DateTimeField(_("results released"), null=True, blank=True)
    units = models.ManyToManyField(Unit, related_name="rounds", blank=True, verbose_name=_("units"))

    class Meta:
        ordering = ["programme", "-opens_at"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.programme}"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if not self.published:
            return RoundState.DRAFT
        if self.results_released_at is not None:
            return RoundState.RELEASED
        if now < self.opens_at:
            return RoundState.SCHEDULED
        if now < self.closes_at:
            return RoundState.OPEN
        return RoundState.CLOSED


class RoundInstrument(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("round")
    )
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=respondent_group_choices
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, verbose_name=_("questionnaire")
    )

    class Meta:
        verbose_name = _("questionnaire of a round")
        verbose_name_plural = _("questionnaires of rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_group"], name="round_one_instrument_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.respondent_group}"


class Child(models.Model):
    """A child in a kindergarten department, known to answers only by a pseudonym."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="children", verbose_name=_("group")
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def name(self) -> str:
        """The child's name for the leader's own lists (the pseudonym if none is kept)."""
        try:
            return self.name_record.name
        except ChildName.DoesNotExist:
            return self.pseudonym


class ChildName(models.Model):
    """The name behind a pseudonym, kept apart so that answers never sit beside it."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="name_record")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("child's name")
        verbose_name_plural = _("children's names")

    def __str__(self) -> str:
        return self.name


class GuardiansDecision(models.Model):
    """What guardians decided about a child in a round, registered by a leader: the part
    reservations and consents share."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, verbose_name=_("round"))
    child = models.ForeignKey(Child, on_delete=models.CASCADE, verbose_name=_("child"))
    registered_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, verbose_name=_("registered by")
    )
    registered_on = models.DateField(_("registered"), default=timezone.localdate)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.child} – {self.round}"


class Reservation(GuardiansDecision):
    """Guardians have reserved a child from a round: no code, and earlier codes stop working."""

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="reservation_once")]


class Consent(GuardiansDecision):
    """Guardians have consented to a child taking part (needed where the round's rule is
    opt-in)."""

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="consent_once")]


class CodeState(models.TextChoices):
    ISSUED = "issued", _("Issued")
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    REVOKED = "revoked", _("Revoked")


class AccessCode(models.Model):
    """One respondent's key to one questionnaire. Only the HMAC of the code is stored."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="codes", verbose_name=_("round")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, verbose_name=_("unit"))
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("group")
    )
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=respondent_group_choices
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("child")
    )
    code_hmac = models.BinaryField(_("code HMAC"), max_length=32, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CodeState.choices, default=CodeState.ISSUED
    )
    issued_on = models.DateField(_("issued"), default=timezone.localdate)

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")
        indexes = [models.Index(fields=["round", "unit", "group", "respondent_group", "state"])]

    def __str__(self) -> str:
        return f"{self.round} {self.unit} {self.respondent_group} ({self.state})"


class Draft(models.Model):
    """The answers so far of a respondent who has not submitted.

    Found by ``lookup`` and opened with a key, both derived from the code (which Samla never
    stores) and a server key: the row has no column that joins it to an access code, and its
    answers, page and language are sealed (AES-GCM), so what a deleted draft leaves in the
    database's files links no code to any answer."""

    lookup = models.BinaryField(max_length=32, unique=True)
    # The round only, so that a round's leftover drafts can be deleted (release_results).
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT)
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("unfinished answer")
        verbose_name_plural = _("unfinished answers")

    def __str__(self) -> str:
        return f"draft {self.pk}"


class CodeMark(models.Model):
    """A code that was started or spent and whose own row does not say so yet.

    Code entry and submit write this row, never the code's: a transaction that changed the
    code's row and wrote a draft or a response would leave them side by side for good
    (the same transaction id on both rows in PostgreSQL, one commit in either database's
    write-ahead log, and from the draft's row versions a chain to the response). ``lookup``
    is derived from the code (like a draft's id) and refuses a second submit;
    ``sealed_code`` is the code's id sealed under the server key. The code rows are changed
    in batches (services.settle_code_marks), together with other codes', never in the
    transaction of the draft or response they belong to."""

    lookup = models.BinaryField(max_length=32, unique=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=CodeState.choices)
    sealed_code = models.BinaryField()

    def __str__(self) -> str:
        return f"code mark {self.pk}"


def _random_response_id() -> int:
    # Random, so that neither the ids nor their order tell in which order people answered.
    return secrets.randbelow(2**62) + 1


class Response(models.Model):
    """A submitted questionnaire. Nothing here, or joined to it, leads back to a code."""

    id = models.BigIntegerField(primary_key=True, default=_random_response_id, editable=False)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="responses", verbose_name=_("round")
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, verbose_name=_("questionnaire")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name=_("unit"))
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("group")
    )
    respondent_group = models.CharField(
        _("respondent group"), max_length=30, choices=respondent_group_choices
    )
    grade_band = models.CharField(_("grade band"), max_length=10, blank=True)
    # Numeric answers packed in the order the version defines (see answers.py).
    answers = models.BinaryField(_("answers"))
    text_answers = models.JSONField(_("text answers"), default=dict, blank=True)
    submitted_on = models.DateField(_("submitted"))

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["round", "unit", "respondent_group"])]

    def __str__(self) -> str:
        return f"response {self.pk}"
