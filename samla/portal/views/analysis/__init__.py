"""Pedagogical analysis pages: ``overview`` (the list and starting from a result),
``phases`` (one page per phase and the forms posted on it), ``actions`` (the buttons: the
leader's share, override and learning caravan among them) and ``comments`` (PPT's
comments); ``common`` holds the phase addresses they share.

An analysis is got only through ``samla.analysis.access.get_analysis_or_404``: outside
the unit it does not exist, and for the owner only while it is shared."""
