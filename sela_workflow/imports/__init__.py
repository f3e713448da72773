"""Reading the files a local authority downloads, and planning what importing them records.

Three public files: the GIAS establishment extract with its links file, and Ofsted's monthly
inspections MI. Reading and planning are pure: readers turn bytes into typed rows (every
problem with its line number), planners compare those rows with a snapshot of the register
and return an ``ImportPlan`` of plain steps. Recording the steps is the application's work,
through its own commands, all or nothing per import, citing each file's ``ImportRecord``:

    extract = read_gias_extract("edubasealldata20250422.csv", la_codes=["210"])
    links = read_links("links_edubasealldata20250422.csv")
    plan = plan_gias(extract, register_snapshot, links=links)
    # refuse if plan.malformed; else record plan.steps in order with plan.records

The package imports no store, no click: a dry run is the plan, printed.
"""

from .gias import Establishment, GiasExtract, check_la_codes, read_gias_extract
from .links import LINK_TYPES, Link, LinksFile, Succession, read_links, successions
from .ofsted import Inspection, OfstedFile, OfstedRow, read_ofsted_mi
from .plan import (
    ConvertedToAcademy,
    DetailsChanged,
    ImportPlan,
    InspectionFound,
    Linked,
    NewSchool,
    RegisteredSchool,
    SchoolClosed,
    Skipped,
    Step,
)
from .planners import apply_plan, plan_gias, plan_ofsted
from .provenance import (
    GIAS_ESTABLISHMENTS,
    GIAS_LINKS,
    OFSTED_INSPECTIONS,
    Counts,
    ImportRecord,
    SourceFile,
)
from .reading import ImportFileError, Problem

__all__ = [
    "GIAS_ESTABLISHMENTS",
    "GIAS_LINKS",
    "LINK_TYPES",
    "OFSTED_INSPECTIONS",
    "ConvertedToAcademy",
    "Counts",
    "DetailsChanged",
    "Establishment",
    "GiasExtract",
    "ImportFileError",
    "ImportPlan",
    "ImportRecord",
    "Inspection",
    "InspectionFound",
    "Link",
    "Linked",
    "LinksFile",
    "NewSchool",
    "OfstedFile",
    "OfstedRow",
    "Problem",
    "RegisteredSchool",
    "SchoolClosed",
    "Skipped",
    "SourceFile",
    "Step",
    "Succession",
    "apply_plan",
    "check_la_codes",
    "plan_gias",
    "plan_ofsted",
    "read_gias_extract",
    "read_links",
    "read_ofsted_mi",
    "successions",
]
