"""The box a wide table scrolls sideways in on a narrow screen.

A box that scrolls must be reachable from the keyboard, or keyboard users cannot scroll
it (WCAG 2.1.1; axe's ``scrollable-region-focusable``), and what they land on must have a
name: so the box is a focusable region named by the table's caption (or, for a table
without one, its heading). Every such box is made here, so no table can miss it::

    {% load table_scroll %}
    {% table_scroll "indices-" block.respondent_group %}
    <table><caption id="indices-{{ block.respondent_group }}">…</caption>…</table>
    {% endtable_scroll %}

The arguments, joined, are the id of the element that names the box.

A box whose table is wider than the screen says so where people look: a shadow at the
edge that has more (every browser) and a short "scroll sideways" line above the table
while there is more to the right (browsers that can ask whether a box scrolls; the line is
``hidden`` until samla.css shows it, and screen readers skip it: they read the whole
table anyway)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


class TableScrollNode(template.Node):
    def __init__(self, name_parts: list[template.base.FilterExpression], nodelist):
        self.name_parts = name_parts
        self.nodelist = nodelist

    def render(self, context) -> str:
        named_by = "".join(str(part.resolve(context)) for part in self.name_parts)
        return format_html(
            '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{}">'
            '<p class="table-wrap__hint" aria-hidden="true" hidden>{}</p>{}</div>',
            named_by,
            _("Scroll sideways to see the whole table →"),
            self.nodelist.render(context),
        )


@register.tag
def table_scroll(parser, token) -> TableScrollNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]} needs the id of the element that names the table"
        )
    nodelist = parser.parse(("endtable_scroll",))
    parser.delete_first_token()
    return TableScrollNode([parser.compile_filter(bit) for bit in bits[1:]], nodelist)
