"""The organisation: programmes, regions, owners, units, groups, people and their roles.

A unit (school, kindergarten, PPT office) belongs to one owner. An owner's units can be
enrolled in several programmes; within a programme, regions group owners. A person's
rights come only from memberships: a role held at one node of that tree. ``tree`` holds
the nodes, ``people`` the people and memberships, ``records`` invitations, the history of
changes and uploaded imports.
"""

from .people import (
    ROLE_SCOPES,
    SCOPE_FIELDS,
    Membership,
    Person,
    Role,
)
from .records import (
    ChangeAction,
    ImportKind,
    ImportState,
    Invitation,
    OrgChange,
    OrgImport,
)
from .tokens import ApiToken
from .tree import (
    Enrolment,
    Group,
    GroupKind,
    GroupQuerySet,
    LanguageForm,
    Level,
    Owner,
    OwnerKind,
    Programme,
    Region,
    RegionOwner,
    Unit,
    UnitKind,
    UnitQuerySet,
    UnitSource,
    county_number_validator,
    municipality_number_validator,
    organisation_number_field,
    organisation_number_validator,
    validate_organisation_number,
)

__all__ = [
    "ROLE_SCOPES",
    "SCOPE_FIELDS",
    "ApiToken",
    "ChangeAction",
    "Enrolment",
    "Group",
    "GroupKind",
    "GroupQuerySet",
    "ImportKind",
    "ImportState",
    "Invitation",
    "LanguageForm",
    "Level",
    "Membership",
    "OrgChange",
    "OrgImport",
    "Owner",
    "OwnerKind",
    "Person",
    "Programme",
    "Region",
    "RegionOwner",
    "Role",
    "Unit",
    "UnitKind",
    "UnitQuerySet",
    "UnitSource",
    "county_number_validator",
    "municipality_number_validator",
    "organisation_number_field",
    "organisation_number_validator",
    "validate_organisation_number",
]
