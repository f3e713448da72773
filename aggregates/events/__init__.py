"""The events of a school's record (and of the authority's, events.authority): the schema of
what is stored, forever.

Every class is reachable here by name, and every one is stored under the topic
``sela_workflow.aggregates.events:<ClassName>`` (events.base): release 0.1 kept all events in
one module of that name, and its stored topics still resolve. `REGISTRY` is the whitelist a
stored topic must be in to be read at all.
"""

from .authority import AuthorityEvent, FileImported
from .base import ENVELOPE, REGISTRY, SCHOOL_TOPIC, TOPIC_PREFIX, RecordedEvent, SchoolEvent
from .notices import (
    ComplianceAssessed,
    EligibilityEnded,
    EligibilityStarted,
    IntentionToUsePowersNotified,
    LegacyRepresentationMade,
    LegacyWarningNoticeConfirmed,
    SoSComplianceAssessed,
    SoSIntentionNotified,
    SoSPermissionToIssueReceived,
    SoSWarningNoticeClosed,
    SoSWarningNoticeNotified,
    WarningNoticeApproved,
    WarningNoticeCopySent,
    WarningNoticeDrafted,
    WarningNoticeIssued,
    WarningNoticeStep,
    WarningNoticeSuperseded,
    WarningNoticeWithdrawn,
)
from .ofsted import (
    AcademyOrderMade,
    AcademyOrderRevoked,
    AcademyOrderStep,
    ConversionFacilitationStepRecorded,
    OfstedCategoryNotified,
    OfstedCategoryRemoved,
    OfstedInspectionReportReceived,
    SchoolConvertedToAcademy,
    SchoolConvertedToNewUrn,
    SoSDirectionReceived,
    StatementOfActionSent,
)
from .powers import (
    AdditionalFoundationGovernorsAppointed,
    AdditionalGovernorsAppointed,
    ArrangementsNoticeIssued,
    BudgetStep,
    BudgetSuspensionNoticeIssued,
    BudgetSuspensionReviewed,
    CoastingNotified,
    ConsultationCompleted,
    DfENotifiedOfIntervention,
    IEBEnded,
    IEBInterimPeriodExtended,
    IEBNoticeIssued,
    IEBStep,
    IEMAppointed,
    IEMRemoved,
    SoSConsentDecided,
    SoSConsentRequested,
    SoSInterventionNotified,
)
from .school import (
    ActivityRecorded,
    CategorisationCommunicated,
    CategoryChanged,
    EntryWithdrawn,
    OfficerAssigned,
    PathwayAssigned,
    PolicyDeviationRecorded,
    RecordAnnotated,
    RiskAssessmentCompleted,
    RiskAssessmentCorrected,
    SchoolClosed,
    SchoolDetailsChanged,
    SchoolLinked,
    SchoolRegistered,
)

__all__ = [
    "ENVELOPE", "REGISTRY", "SCHOOL_TOPIC", "TOPIC_PREFIX", "AcademyOrderMade",
    "AcademyOrderRevoked", "AcademyOrderStep", "ActivityRecorded",
    "AdditionalFoundationGovernorsAppointed", "AdditionalGovernorsAppointed",
    "ArrangementsNoticeIssued", "AuthorityEvent", "BudgetStep", "BudgetSuspensionNoticeIssued",
    "BudgetSuspensionReviewed", "CategorisationCommunicated", "CategoryChanged",
    "CoastingNotified", "ComplianceAssessed", "ConsultationCompleted",
    "ConversionFacilitationStepRecorded", "DfENotifiedOfIntervention", "EligibilityEnded",
    "EligibilityStarted", "EntryWithdrawn", "FileImported", "IEBEnded", "IEBInterimPeriodExtended",
    "IEBNoticeIssued", "IEBStep", "IEMAppointed", "IEMRemoved", "IntentionToUsePowersNotified",
    "LegacyRepresentationMade", "LegacyWarningNoticeConfirmed", "OfficerAssigned",
    "OfstedCategoryNotified", "OfstedCategoryRemoved", "OfstedInspectionReportReceived",
    "PathwayAssigned", "PolicyDeviationRecorded", "RecordAnnotated", "RecordedEvent",
    "RiskAssessmentCompleted", "RiskAssessmentCorrected", "SchoolClosed",
    "SchoolConvertedToAcademy", "SchoolConvertedToNewUrn", "SchoolDetailsChanged", "SchoolEvent",
    "SchoolLinked", "SchoolRegistered", "SoSComplianceAssessed", "SoSConsentDecided",
    "SoSConsentRequested", "SoSDirectionReceived", "SoSIntentionNotified",
    "SoSInterventionNotified", "SoSPermissionToIssueReceived", "SoSWarningNoticeClosed",
    "SoSWarningNoticeNotified", "StatementOfActionSent", "WarningNoticeApproved",
    "WarningNoticeCopySent", "WarningNoticeDrafted", "WarningNoticeIssued", "WarningNoticeStep",
    "WarningNoticeSuperseded", "WarningNoticeWithdrawn",
]
