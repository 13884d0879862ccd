"""The effect of each order type (RULES.md §8), looked up by `EFFECTS[order_type]`."""

from ..choices import OrderType
from .base import Batch, Effect, ItemContext, Refs, load_refs
from .cancellation import Cancellation
from .enrolment import Enrolment
from .movement import (
    AcademicLeave,
    Expulsion,
    FundingChange,
    Graduation,
    NameChange,
    Promotion,
    Reinstatement,
    RepeatYear,
    ReturnFromLeave,
    Transfer,
)

EFFECTS: dict[str, Effect] = {
    OrderType.ENROLMENT: Enrolment(),
    OrderType.PROMOTION: Promotion(),
    OrderType.REPEAT_YEAR: RepeatYear(),
    OrderType.TRANSFER: Transfer(),
    OrderType.ACADEMIC_LEAVE: AcademicLeave(),
    OrderType.RETURN_FROM_LEAVE: ReturnFromLeave(),
    OrderType.REINSTATEMENT: Reinstatement(),
    OrderType.EXPULSION: Expulsion(),
    OrderType.FUNDING_CHANGE: FundingChange(),
    OrderType.NAME_CHANGE: NameChange(),
    OrderType.GRADUATION: Graduation(),
    OrderType.CANCELLATION: Cancellation(),
}

__all__ = ["EFFECTS", "Batch", "Effect", "ItemContext", "Refs", "load_refs"]
