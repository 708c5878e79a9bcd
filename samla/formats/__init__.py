"""Samla's own date formats where Django's differ from what readers here expect
(``FORMAT_MODULE_PATH``); everything not set here is Django's."""
