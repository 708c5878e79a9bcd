from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samla.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        # Children follow their class into a new school year (the receiver connects).
        from . import school_year  # noqa: F401, PLC0415
