"""Samla's own settings, served by the bench with one extra route: the bare ceiling view
(see ``_server_urls``). Everything else — middleware, sessions, database options — is the
application's, so the ceiling is measured on the same stack."""

from samla.settings import *  # noqa: F403

ROOT_URLCONF = "_server_urls"
