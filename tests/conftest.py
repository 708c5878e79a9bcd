import pytest
from django.test import Client

from samla.org import demo
from samla.org.models import Person, Programme, Unit


def pytest_collection_modifyitems(config, items):
    """A test marked ``one_database(vendor)`` is the same on either database — it checks
    markup the role matrix already renders on both, or makes a database of its own — so
    it runs only in the suite on that vendor: CI runs both suites, and each such test once."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    vendor = "postgresql" if "postgresql" in engine else "sqlite"
    for item in items:
        marker = item.get_closest_marker("one_database")
        if marker is not None and marker.args[0] not in ("sqlite", "postgresql"):
            raise pytest.UsageError(f"{item.nodeid}: one_database takes sqlite or postgresql")
        if marker is not None and marker.args[0] != vendor:
            where = "make test" if marker.args[0] == "sqlite" else "make test-postgres"
            item.add_marker(pytest.mark.skip(reason=f"one_database: runs once, in {where}"))


@pytest.fixture
def demo_org(db):
    """The demo organisation of ``seed_demo`` (built once per database, then reused)."""
    demo.build_organisation()
    return DemoOrg()


class DemoOrg:
    @property
    def school_programme(self) -> Programme:
        return Programme.objects.get(slug=demo.SCHOOL_SLUG)

    @property
    def kindergarten_programme(self) -> Programme:
        return Programme.objects.get(slug=demo.KINDERGARTEN_SLUG)

    @property
    def school(self) -> Unit:
        return Unit.objects.get(name=demo.DEMO_SCHOOL, owner__name="Hamar kommune")

    @property
    def kindergarten(self) -> Unit:
        return Unit.objects.get(name=demo.DEMO_KINDERGARTEN, owner__name="Hamar kommune")

    def unit_in(self, municipality: str, kind: str = "grunnskole") -> Unit:
        return Unit.objects.filter(owner__name=f"{municipality} kommune", kind=kind).first()

    def user(self, username: str) -> Person:
        return Person.objects.get(username=username)

    def plan(self):
        """The school programme's plan for 2026/2027 with an activity that has a session
        in Hamarregionen and one in Nord-Østerdal."""
        from samla.org.models import Region
        from samla.plans import services
        from samla.plans.services import ActivityInput

        plan, _created = services.get_or_create_plan(self.school_programme, "2026/2027")
        if not plan.activities.filter(sessions__isnull=False).exists():
            activity = services.add_activity(
                plan, ActivityInput(title="Regional samling", term="autumn", when_text="Oktober")
            )
            for short_name, when in (("HR", "27.10"), ("NØR", "19.10")):
                region = Region.objects.get(programme=plan.programme, short_name=short_name)
                services.set_session(activity, region, when)
        return plan

    def plan_kwargs(self, **extra) -> dict:
        plan = self.plan()
        return {"slug": plan.programme.slug, "year": plan.school_year, **extra}

    def plan_activity(self):
        return self.plan().activities.filter(sessions__isnull=False).first()

    def plan_upload(self):
        """A Word plan uploaded by the programme admin and waiting in the preview."""
        import io

        import docx

        from samla.plans.models import PlanImport

        document = docx.Document()
        table = document.add_table(rows=2, cols=2)
        for cell, text in zip(
            table.rows[0].cells + table.rows[1].cells,
            ["Når", "Hva", "19/3", "Samling"],
            strict=True,
        ):
            cell.text = text
        buffer = io.BytesIO()
        document.save(buffer)
        return PlanImport.objects.create(
            programme=self.school_programme,
            school_year="2026/2027",
            filename="plan.docx",
            content=buffer.getvalue(),
            uploaded_by=self.user("admin"),
        )

    def survey_round(self):
        """An open round T3 of the school programme at the demo school, with two codes."""
        from datetime import timedelta
        from pathlib import Path

        from django.conf import settings
        from django.utils import timezone

        from samla.surveys import services
        from samla.surveys.models import Round, RoundInstrument

        existing = Round.objects.filter(slug="t3-demo").first()
        if existing:
            return existing
        source = Path(settings.BASE_DIR) / "samla" / "surveys" / "library" / "elev_5_7.xlsx"
        version = services.publish_instrument(source.read_bytes())
        now = timezone.now()
        round = Round.objects.create(
            programme=self.school_programme,
            name="T3",
            slug="t3-demo",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            published=True,
        )
        round.units.add(self.school)
        RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
        services.issue_codes(
            round, self.school, "pupil_5_7", 2, group=self.school.groups.get(name="6A")
        )
        return round

    def results_round(self):
        """A closed, built and released round T2 of the school programme: pupils 5–7 at the
        demo school and two other schools of Hamar, answers simulated."""
        from datetime import timedelta
        from pathlib import Path

        from django.conf import settings
        from django.utils import timezone

        from samla.results.build import build_round
        from samla.surveys import services
        from samla.surveys.models import Round, RoundInstrument
        from samla.surveys.simulate import simulate_responses

        existing = Round.objects.filter(slug="t2-results").first()
        if existing:
            return existing
        source = Path(settings.BASE_DIR) / "samla" / "surveys" / "library" / "elev_5_7.xlsx"
        version = services.publish_instrument(source.read_bytes())
        now = timezone.now()
        round = Round.objects.create(
            programme=self.school_programme,
            name="T2",
            slug="t2-results",
            opens_at=now - timedelta(days=60),
            closes_at=now + timedelta(days=1),
            published=True,
        )
        others = list(
            Unit.objects.filter(owner=self.school.owner, kind=self.school.kind, groups__grade=6)
            .exclude(pk=self.school.pk)
            .distinct()
            .order_by("pk")[:2]
        )
        round.units.add(self.school, *others)
        RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
        for number, unit in enumerate([self.school, *others]):
            simulate_responses(round, 45, seed=number, unit=unit)
        Round.objects.filter(pk=round.pk).update(
            closes_at=now - timedelta(days=1), results_released_at=now
        )
        round.refresh_from_db()
        build_round(round)
        return round

    def results_export_job(self):
        """A results file of the demo school made by the worker for the principal (rektor),
        done and saved in the default storage."""
        from datetime import timedelta

        from django.core.files.base import ContentFile
        from django.utils import timezone

        from samla.results.models import BuildState, ExportJob

        round = self.results_round()
        person = self.user("rektor")
        existing = ExportJob.objects.filter(person=person, round=round).first()
        if existing:
            return existing
        job = ExportJob(
            person=person,
            round=round,
            node_kind="unit",
            node_id=self.school.pk,
            format="json",
            language="nb",
            state=BuildState.DONE,
            progress=100,
            finished_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=7),
        )
        job.file.save("resultater.json", ContentFile(b"{}"), save=False)
        job.size = 2
        job.save()
        return job

    def instrument_upload(self):
        """An XLSForm uploaded by the programme admin, not yet published."""
        from pathlib import Path

        from django.conf import settings

        from samla.surveys.models import InstrumentUpload

        source = Path(settings.BASE_DIR) / "samla" / "surveys" / "library" / "elev_5_7.xlsx"
        return InstrumentUpload.objects.create(
            source=source.read_bytes(), file_name="elev_5_7.xlsx", uploaded_by=self.user("admin")
        )

    def instrument_version(self):
        return self.survey_round().instruments.get(respondent_group="pupil_5_7").version

    def plan_session(self, short_name: str):
        return self.plan_activity().sessions.get(region__short_name=short_name)

    # --- Learning groups -----------------------------------------------------------------

    @property
    def school_year(self) -> str:
        """The school year of today (August–July)."""
        from django.utils import timezone

        from samla.learning.services import school_year_of

        return school_year_of(timezone.localdate())

    def learning_package(self):
        """A package of three modules in the school programme's catalogue."""
        from samla.learning import services
        from samla.learning.models import ModuleKind, Package

        existing = Package.objects.filter(
            programme=self.school_programme, title="Klasseledelse i praksis"
        ).first()
        if existing:
            return existing
        package = services.save_package(
            self.school_programme,
            services.PackageInput(title="Klasseledelse i praksis", level="grunnskole"),
        )
        for title, kind in (
            ("Ledernes forberedelse", ModuleKind.LEADERS_PREPARATION),
            ("Relasjoner og struktur", ModuleKind.SUBJECT),
            ("Pedagogisk analyse", ModuleKind.ANALYSIS),
        ):
            services.save_module(package, services.ModuleInput(title=title, kind=kind))
        return package

    def learning_group(self):
        """A learning group at the demo school this school year: led by ``gruppeleder``,
        with ``laerer`` and four of the school's staff; one meeting held a week ago with
        five present, one planned in a week."""
        from datetime import time, timedelta

        from django.utils import timezone

        from samla.learning import services
        from samla.learning.models import LearningGroup

        existing = LearningGroup.objects.filter(
            unit=self.school, school_year=self.school_year, name="Gruppe A"
        ).first()
        if existing:
            return existing
        package = self.learning_package()
        services.choose_package(self.school, package, self.school_year, self.user("rektor"))
        staff = [p for p in services.unit_staff(self.school) if p.username.startswith("ansatt")][:4]
        group, _warning = services.create_group(
            self.school,
            self.school_year,
            "Gruppe A",
            leader=self.user("gruppeleder"),
            members=[self.user("laerer"), *staff],
        )
        module = package.modules.get(number=2)
        today = timezone.localdate()
        held_day, planned_day = today - timedelta(days=7), today + timedelta(days=7)
        if services.school_year_of(held_day) != self.school_year:
            held_day = today
        if services.school_year_of(planned_day) != self.school_year:
            planned_day = today
        held = services.plan_meeting(
            group, services.MeetingInput(held_day, time(0, 0), time(1, 30), module.pk)
        )
        services.record_meeting(
            held,
            services.MeetingInput(held_day, time(0, 0), time(1, 30), module.pk),
            list(group.members.all()[:5]),
            notes="God samtale.",
            between_tasks="Prøv ut strukturen i egen klasse.",
        )
        services.plan_meeting(
            group, services.MeetingInput(planned_day, time(14, 0), time(15, 30), module.pk + 1)
        )
        return group

    def meeting(self, held: bool = True):
        from samla.learning.models import MeetingStatus

        status = MeetingStatus.HELD if held else MeetingStatus.PLANNED
        return self.learning_group().meetings.filter(status=status).first()

    # --- Pedagogical analysis --------------------------------------------------------------

    def later_results_round(self):
        """A round T3 after ``results_round`` (T2), released and built: the same three schools,
        answers simulated with another seed."""
        from datetime import timedelta

        from django.utils import timezone

        from samla.results.build import build_round
        from samla.surveys.models import Round, RoundInstrument
        from samla.surveys.simulate import simulate_responses

        existing = Round.objects.filter(slug="t3-results").first()
        if existing:
            return existing
        before = self.results_round()
        now = timezone.now()
        round = Round.objects.create(
            programme=self.school_programme,
            name="T3",
            slug="t3-results",
            opens_at=now - timedelta(days=20),
            closes_at=now + timedelta(days=1),
            published=True,
        )
        round.units.add(*before.units.all())
        version = before.instruments.get(respondent_group="pupil_5_7").version
        RoundInstrument.objects.create(round=round, respondent_group="pupil_5_7", version=version)
        for number, unit in enumerate(before.units.order_by("pk")):
            simulate_responses(round, 45, seed=100 + number, unit=unit)
        Round.objects.filter(pk=round.pk).update(
            closes_at=now - timedelta(hours=1), results_released_at=now
        )
        round.refresh_from_db()
        build_round(round)
        return round

    def analysis(self, title: str = "Trivsel på mellomtrinnet", group: bool = False):
        """An analysis ``rektor`` started at the demo school from pupils 5–7's "trivsel" in
        ``results_round`` (phase: problem); with ``group``, for ``learning_group``."""
        from samla.analysis import services
        from samla.analysis.models import Analysis
        from samla.results.queries import Node

        existing = Analysis.objects.filter(unit=self.school, title=title).first()
        if existing:
            return existing
        return services.start_analysis(
            self.user("rektor"),
            title=title,
            round=self.results_round(),
            at=Node("unit", self.school.pk, self.school.name),
            respondent_group="pupil_5_7",
            scale="trivsel",
            learning_group=self.learning_group() if group else None,
        )

    def analysis_with_measure(self, title: str = "Arbeidsro i 6A"):
        """An analysis worked through to a running measure: problem, goal, a factor tied to
        the baseline result, the analysis part complete, one measure (started 30 days ago,
        ending yesterday) and one log entry."""
        from datetime import timedelta

        from django.utils import timezone

        from samla.analysis import services
        from samla.analysis.models import MeasureStatus

        analysis = self.analysis(title)
        if analysis.measures.exists():
            return analysis
        rektor = self.user("rektor")
        services.save_problem(analysis, "Elevene på 6. trinn trives dårligere enn før.")
        services.save_goal(analysis, "closed", "Trivselen på 6. trinn er over 500 ved neste runde.")
        baseline = analysis.sources.get()
        factor = services.add_factor(
            analysis,
            services.FactorInput(
                "Uklare regler i friminuttene", "context", "likely", (baseline.pk,)
            ),
        )
        services.complete_analysis(analysis, rektor)
        today = timezone.localdate()
        measure = services.add_measure(
            analysis,
            services.MeasureInput(
                title="Felles friminuttsregler",
                responsible="Rektor og kontaktlærerne",
                starts_on=today - timedelta(days=30),
                ends_on=today - timedelta(days=1),
                success_criteria="Færre konflikter meldt i friminuttene.",
                factor_ids=(factor.pk,),
            ),
        )
        services.set_measure_status(measure, MeasureStatus.RUNNING)
        services.add_log_entry(
            analysis, rektor, today - timedelta(days=20), "Reglene gjennomgått i alle klasser."
        )
        analysis.refresh_from_db()
        return analysis


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo.build_organisation()


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(Person.objects.get(username=username))
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate limits live in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
