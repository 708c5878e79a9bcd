"""Options made once per page: names escaped, only the row's own choice marked."""

from samla.portal.templatetags.repeated_options import Options


def test_each_select_marks_its_own_choice_and_names_are_escaped():
    options = Options([("", "Ingen"), (1, "Ås <b>&</b>"), (12, "Gruppe 12"), (2, "To")])
    html = options.marked(12)
    assert html.count(" selected") == 1
    assert '<option value="12" selected>Gruppe 12</option>' in html
    assert '<option value="1">Ås &lt;b&gt;&amp;&lt;/b&gt;</option>' in html
    assert options.marked(1).count(" selected") == 1
    assert '<option value="1" selected>' in options.marked("1")
    assert '<option value="" selected>Ingen</option>' in options.marked(None)
    assert " selected" not in options.marked(99)
    # The one made once is not changed by marking.
    assert options.marked(2).count(" selected") == 1
    assert '<option value="12" selected>' not in options.marked(2)
