from .forum import (
    Decision,
    DecisionMethod,
    Forum,
    ForumMeeting,
    ForumMember,
    MemberType,
    SchemeSettings,
    Vote,
    VoteChoice,
)
from .money import Allocation, Spending, SpendingCategory, SpendingSource
from .needs import Evidence, EvidenceKind, NeedsPriority, NeedsReport
from .partners import Agreement, Partner, PartnerContact, PartnerKind
from .recommendation import Recommendation, RecommendedMeasure
from .reports import ReportComment, YearlyReport
from .status import SubmissionStatus

__all__ = [
    "Agreement",
    "Allocation",
    "Decision",
    "DecisionMethod",
    "Evidence",
    "EvidenceKind",
    "Forum",
    "ForumMeeting",
    "ForumMember",
    "MemberType",
    "NeedsPriority",
    "NeedsReport",
    "Partner",
    "PartnerContact",
    "PartnerKind",
    "Recommendation",
    "RecommendedMeasure",
    "ReportComment",
    "SchemeSettings",
    "Spending",
    "SpendingCategory",
    "SpendingSource",
    "SubmissionStatus",
    "Vote",
    "VoteChoice",
    "YearlyReport",
]
