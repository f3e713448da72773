"""When each power, notice type, eligibility route and order basis was in force (rulebook §13).

A step that uses one of these on a date outside its span is refused, citing the commencement
or repeal: a law not yet in force is never "no rule". Each entry names the rule the refusal
cites and the instrument that brought it in (or took it out). Dates marked UNCONFIRMED in
the rulebook are listed, with the choice made, in docs/rulebook.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

D = dt.date
EIA_PART4 = D(2007, 4, 1)  # EIA 2006 Part 4 in force
S60A = D(2010, 1, 12)  # ASCLA 2009 Sch 13 para 4 (UNCONFIRMED)
AA_2010 = D(2010, 8, 1)  # Academies Act 2010 ss3-6, SI 2010/1937 art 2 (UNCONFIRMED date)
EAA = D(2016, 4, 18)  # Education and Adoption Act 2016 ss2-14 (SI 2016/466)
COASTING = D(2017, 1, 11)  # EAA 2016 s1 (s60B) fully in force
CWSA = D(2026, 6, 29)  # Children's Wellbeing and Schools Act 2026 s58
SSFA_SCH15 = D(1999, 4, 1)  # SSFA 1998 Sch 15 (financial delegation) (UNCONFIRMED)
EA_2005 = D(2005, 9, 1)  # EA 2005 ss13, 15, 44


@dataclass(frozen=True)
class InForce:
    """A legal instrument's span: in force from ``start`` to ``end`` (inclusive)."""

    what: str
    rule_id: str
    basis: str
    start: dt.date | None = None
    end: dt.date | None = None
    #: What to do instead, where there is an alternative...
    remedy: str = ""
    #: ...and, where it is the same step with other options, those options (e.g. the basis).
    instead: tuple[tuple[str, str], ...] = ()
    #: Why the date is UNCONFIRMED (rulebook §14), where it is; shown in docs/rulebook.md.
    unconfirmed: str = ""

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def why_not(self, day: dt.date) -> str:
        """The refusal's words for a date outside the span."""
        if self.start is not None and day < self.start:
            return (f"{self.what} did not exist on {day.isoformat()}: in force from "
                    f"{self.start.isoformat()}")
        assert self.end is not None
        return (f"{self.what} no longer existed on {day.isoformat()}: repealed after "
                f"{self.end.isoformat()}")


LA_S60_NOTICE = InForce("an LA warning notice (EIA 2006 s60)", "WN-10",
                        "EIA 2006 s60, in force 1 April 2007", EIA_PART4)
S60A_NOTICE = InForce("a pay and conditions warning notice (s60A)", "WN-03",
                      "EIA 2006 s60A, inserted by ASCLA 2009 Sch 13 para 4", S60A,
                      unconfirmed="rulebook §13 gives ~12 Jan 2010, probably SI 2009/3317 "
                                  "(§14 item 14)")
SOS_NOTICE = InForce("a Secretary of State warning notice", "WN-07",
                     "EIA 2006 s60 as amended by EAA 2016 s2; SI 2016/466", EAA)
LEGACY_REPRESENTATIONS = InForce("representations against a warning notice", "WN-11",
                                 "EAA 2016 s2(2)(h); SI 2016/466 reg 4", EIA_PART4,
                                 EAA - dt.timedelta(days=1))
COASTING_ROUTE = InForce("coasting eligibility (s60B)", "IN-01",
                         "EIA 2006 s60B, inserted by EAA 2016 s1", COASTING,
                         unconfirmed="in force in part from 5 Sept 2016, fully from 11 Jan "
                                     "2017 (rulebook §13); the full date is used")
OFSTED_CATEGORY = InForce("an Ofsted category of concern under EA 2005 s44", "OF-01",
                          "EA 2005 ss13, 15, 44", EA_2005)
LA_POWERS = InForce("LA intervention powers (EIA 2006 ss63-66)", "IN-01",
                    "EIA 2006 Part 4, in force 1 April 2007", EIA_PART4)
S64_4 = InForce("the s64(4) power to appoint foundation governors", "IN-04", "EIA 2006 s64(4)",
                EIA_PART4)
IEB = InForce("an interim executive board under s65", "IN-05", "EIA 2006 s65, Sch 6",
              EIA_PART4)
SCH15_SUSPENSION = InForce("a budget suspension under SSFA 1998 Sch 15", "IN-07",
                           "SSFA 1998 Sch 15 para 1", SSFA_SCH15,
                           unconfirmed="the rulebook gives no date; 1 April 1999, when "
                                       "financial delegation under SSFA 1998 Part II began")
SOS_POWERS = InForce("the Secretary of State's Part 4 powers (ss67-69)", "IN-10",
                     "EIA 2006 ss67-69", EIA_PART4)
ORDER_S4_A1 = InForce("the s4(A1) academy order duty", "AO-03",
                      "Academies Act 2010 s4(A1), inserted by EAA 2016 s7; repealed by "
                      "CWSA 2026 s58(2)", EAA, CWSA - dt.timedelta(days=1),
                      "Record the order under s4(1)(b) instead.", (("basis", "S4_1_B"),))
_AA_DATE = ("the rulebook gives no date; 1 August 2010, the Academies Act 2010's commencement "
            "(SI 2010/1937)")
ORDER_S4_1_B = InForce("an academy order under s4(1)(b)", "AO-02",
                       "Academies Act 2010 s4(1)(b); SI 2010/1937 art 2", AA_2010,
                       unconfirmed=_AA_DATE)
FACILITATION = InForce("the duty to facilitate conversion and the SoS's directions", "AO-02",
                       "Academies Act 2010 ss5B-5C, inserted by EAA 2016 s8", EAA)
CONVERSION = InForce("conversion into an academy under an academy order", "AO-05",
                     "Academies Act 2010 s6", AA_2010, unconfirmed=_AA_DATE)

ALL = (LA_S60_NOTICE, S60A_NOTICE, SOS_NOTICE, LEGACY_REPRESENTATIONS, COASTING_ROUTE,
       OFSTED_CATEGORY, LA_POWERS, S64_4, IEB, SCH15_SUSPENSION, SOS_POWERS, ORDER_S4_A1,
       ORDER_S4_1_B, FACILITATION, CONVERSION)
