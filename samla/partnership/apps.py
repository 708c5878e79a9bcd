from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "samla.partnership"
    verbose_name = _("Partnership")
    label = "partnership"

    def ready(self) -> None:
        # A withdrawn self-assessment leaves the owners' draft needs reports (Django asks
        # for receivers to be connected here, once the apps are loaded).
        from samla.selfassessment.signals import sharing_withdrawn  # noqa: PLC0415

        from .services.needs import drop_withdrawn_self_assessment  # noqa: PLC0415

        sharing_withdrawn.connect(drop_withdrawn_self_assessment, dispatch_uid="needs-withdrawn")
