"""Every message an XLSForm author can get from Samla, as translatable English templates.

``gettext_noop`` marks them for ``makemessages``; the Django layer shows
``gettext(problem.msgid) % problem.params``. Tests compare problems against these names.
"""

from samla.surveys.instrument import gettext_noop as _

NOT_A_WORKBOOK = _("The file is not an Excel workbook (.xlsx) that can be read.")
NO_SURVEY_SHEET = _("The workbook has no sheet named survey.")
INVALID_XLSFORM = _("The form is not a valid XLSForm: %(detail)s")
MISSING_RESPONDENT_GROUP = _(
    "The form does not say who answers it (respondent_group on the settings sheet): "
    "choose the respondent group."
)
UNKNOWN_RESPONDENT_GROUP = _("Unknown respondent group %(value)s. Use one of: %(allowed)s.")
SETTING_TOO_LONG = _(
    "The %(column)s has %(count)s characters; Samla stores at most %(limit)s. Shorten it."
)
TEXT_TOO_LONG = _(
    "The text has %(count)s characters; an Excel cell holds at most %(limit)s, so Samla could "
    "not write the form back. Shorten it."
)
UNKNOWN_DEFAULT_LANGUAGE = _(
    "The default language %(language)s has no label column on the survey sheet; Samla uses "
    "%(fallback)s as the default language."
)
NO_LANGUAGE_CODE = _(
    "Column %(column)s does not name a language Samla knows; write label::nb, label::English "
    "or label::Norsk bokmål (nb)."
)
NO_LABEL_COLUMN = _("The survey sheet has no label column (label::nb, label::nn, label::en).")
NO_ITEMS = _("The form has no questions.")
MISSING_TYPE = _("The row has no type.")
UNSUPPORTED_TYPE = _(
    "The type %(type)s is not an XLSForm type Samla knows. Use select_one, select_multiple, "
    "integer, decimal, date, text, note, begin_group or end_group."
)
MISSING_NAME = _("The row has no name.")
DUPLICATE_NAME = _("The name %(code)s is already used on row %(first_row)s in the same group.")
UNKNOWN_LIST = _("The choice list %(list)s is not on the choices sheet.")
TOO_MANY_CHOICES = _(
    "The list %(list)s has %(count)s choices; a select_one item can have at most 254."
)
MISSING_CHOICE_NAME = _("The choice has no name.")
DUPLICATE_CHOICE = _("The list %(list)s already has a choice named %(value)s.")
UNMATCHED_BEGIN_GROUP = _("The group %(code)s is never closed with end_group.")
UNMATCHED_END_GROUP = _("This end_group has no begin_group.")
MISSING_LABEL = _("%(code)s has no label in %(language)s.")
BAD_BOOLEAN = _("%(value)s is not yes or no (also true/false, 1/0).")
LIKERT_LIST = _(
    "The list %(list)s is used as a Likert scale, but its choices are %(values)s. Name "
    "them 1, 2, 3, 4 or 1, 2, 3, 4, 5 in that order, optionally followed by dk."
)
LIKERT_DONT_KNOW_CODED = _(
    "The list %(list)s is used as a Likert scale, but its last choice %(value)s (%(label)s) "
    'means "don\'t know", which is no point on a scale. Name that choice dk to make the list a '
    'Likert scale with "vet ikke".'
)
NOT_LIKERT_IN_SCALE = _(
    "%(code)s is in the index %(scale)s, but only Likert items (select_one with choices "
    "1..4 or 1..5) can be."
)
REVERSED_NOT_LIKERT = _("%(code)s is marked reversed, but only Likert items can be.")
SCALE_NOT_DESCRIBED = _(
    "The index %(scale)s has no row on the scales sheet (columns scale, label::nb, …), so its "
    "name is its code; give it proper names on the upload page before publishing."
)
MISSING_SCALE_CODE = _("The row has no index code in the scale column.")
DUPLICATE_SCALE = _("The index %(scale)s is already described on row %(first_row)s.")
SCALE_TOO_SMALL = _("The index %(scale)s has %(count)s item(s); it needs at least 2.")
SCALE_MIXED_POINTS = _("The index %(scale)s mixes 4-point and 5-point items.")
UNKNOWN_SCALE_ITEM = _("%(code)s is not a question on the survey sheet.")
SCALE_CONFLICT = _("%(code)s is already in the index %(other)s on the survey sheet.")
REVERSED_NOT_IN_SCALE = _("%(code)s is marked reversed here but is not an item of %(scale)s.")
UNSUPPORTED_RELEVANCE = _(
    "Samla cannot read the condition %(expression)s, so it is dropped and %(item)s is always "
    "asked. Samla reads ${q} = 'value', ${q} != 'value', ${q} >= 3, selected(${q}, 'value'), "
    "joined by and / or."
)
UNKNOWN_REFERENCE = _("The condition refers to %(code)s, which is not in the form.")
LATER_REFERENCE = _(
    "The condition refers to %(code)s, which is not before it in the form, so it is dropped "
    "and %(item)s is always asked; refer to earlier questions only."
)
NO_ANSWER_REFERENCE = _(
    "The condition refers to %(code)s, which has no answer (a note), so it is dropped and "
    "%(item)s is always asked."
)
NOT_A_CHOICE = _(
    "The condition compares %(code)s with %(value)s, which is not one of its choices, so it is "
    "dropped and %(item)s is always asked."
)
NOT_NUMERIC = _(
    "The condition compares %(code)s with a number, but its answers are not numbers, so it is "
    "dropped and %(item)s is always asked."
)
SELECTED_NEEDS_MULTIPLE = _(
    "selected() needs a select_multiple item and %(code)s is not one, so the condition is "
    "dropped and %(item)s is always asked; write ${%(code)s} = 'value'."
)
EQUALS_ON_MULTIPLE = _(
    "%(code)s is select_multiple, so the condition is dropped and %(item)s is always asked; "
    "write selected(${%(code)s}, 'value')."
)
NESTED_GROUP_RELEVANCE = _(
    "The condition of the group %(group)s, inside a page, is added to the condition of each "
    "question in it."
)
CONSTRAINT_NOT_INTEGER = _(
    "Samla checks constraints on integer and decimal items only; the constraint "
    "%(expression)s on %(item)s is dropped."
)
BAD_CONSTRAINT = _(
    "Samla cannot check the constraint %(expression)s on %(item)s, so it is dropped. Samla "
    "reads bounds such as . >= 0 and . <= 20."
)
BOUND_OUT_OF_RANGE = _(
    "The bound %(value)s on %(item)s is beyond %(limit)s (either way), the largest number "
    "Samla stores for it, so the constraint is dropped."
)
EMPTY_RANGE = _(
    "The constraint on %(item)s allows no value (minimum %(minimum)s, maximum %(maximum)s), so "
    "it is dropped."
)
UNKNOWN_SYMBOL = _("Unknown symbol %(value)s. Use one of: %(allowed)s.")
UNKNOWN_APPEARANCE = _("Samla ignores the appearance %(value)s on %(item)s.")
APPEARANCE_NOT_SELECT = _(
    "The appearance symbols is only for select_one and select_multiple questions; Samla "
    "ignores it on %(item)s."
)

# --- what the reader skipped, changed or assumed: warnings, the form is still read ---------

FORM_ID_ASSUMED = _("The settings sheet has no form_id; Samla uses %(form_id)s, as pyxform does.")
TITLE_ASSUMED = _("The form has no title; Samla uses its form id %(title)s.")
VERSION_ASSUMED = _(
    "The settings sheet has no version; Samla uses %(version)s, made from the file's content, "
    "so every changed file counts as a new version."
)
LANGUAGE_ASSUMED = _(
    "The column %(column)s does not say its language; Samla assumes %(language)s. Set "
    "default_language on the settings sheet to say otherwise."
)
MISSING_TRANSLATION = _(
    "%(code)s has no text in %(language)s in this column; Samla uses the %(fallback)s text."
)
METADATA_SKIPPED = _(
    "Samla skips the metadata rows %(codes)s: ODK devices record them, Samla does not."
)
TYPE_SKIPPED = _(
    "Samla skips %(code)s: its type %(type)s cannot be asked in Samla's web questionnaire."
)
REPEAT_SKIPPED = _(
    "Samla skips the repeat %(code)s with every row inside it (%(codes)s): Samla's web "
    "questionnaire cannot repeat questions."
)
OR_OTHER_ADDED = _(
    "Samla adds the choice other to %(code)s and the text question %(other)s, asked when "
    "other is chosen, as ODK does for or_other."
)
SKIPPED_REFERENCE = _(
    "The condition %(expression)s refers to %(code)s, which Samla skips, so it is dropped and "
    "%(item)s is always asked."
)
DATE_CONSTRAINT = _(
    "Samla does not check constraints on dates; the constraint %(expression)s on %(item)s is "
    "dropped."
)
BOUND_MADE_INCLUSIVE = _(
    "Samla's decimal bounds include the bound itself: %(expression)s on %(item)s is read as "
    "minimum %(minimum)s, maximum %(maximum)s."
)
COLUMN_NOT_READ = _("Samla does not read the column %(column)s; what it holds is ignored.")
COLUMN_IGNORED = _("Samla ignores the column %(column)s on %(item)s (%(value)s).")
NAMES_QUALIFIED = _(
    "The name %(name)s is used in more than one group; Samla names the questions %(codes)s."
)
AMBIGUOUS_REFERENCE = _(
    "The condition refers to %(code)s, a name used in more than one group (%(codes)s); give "
    "the questions different names."
)
LABEL_FROM_HINT = _("%(item)s has no label; Samla uses its hint as the label.")
CHOICE_LABEL_FROM_NAME = _("The choice %(code)s has no label; Samla uses its name.")
DONT_KNOW_CODED = _(
    'The last choice %(value)s (%(label)s) of the list %(list)s means "don\'t know", which is '
    "no point on a scale, so Samla reads the questions with appearance likert and this list "
    "as ordinary choice questions. Name that choice dk to make the list a Likert scale with "
    '"vet ikke".'
)
TEXT_NOT_ASKED = _(
    "The text of %(item)s refers to %(names)s, which Samla does not ask, so it is shown as written."
)
TEXT_NOT_FILLED = _(
    "The text of %(item)s refers to the answer to %(names)s; Samla's questionnaire shows the "
    "text as written, not filled in."
)
