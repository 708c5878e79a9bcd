"""Messages that Django or django-allauth show on Samla's pages, listed here so that
``make messages`` puts them in our catalogues (allauth has no Nynorsk translation).
Nothing imports this module; it is read by the message extractor only."""

from django.utils.translation import gettext_noop

MESSAGES = [
    gettext_noop("You must type the same password each time."),
    gettext_noop("This field is required."),
]
