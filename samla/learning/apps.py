from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "samla.learning"
    verbose_name = _("Competence packages and learning groups")
    label = "learning"
