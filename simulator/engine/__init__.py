"""What the PIM answers: the rights a grant gives, the catalog as a store, one
request's ordered checks (reads, writes, search filters, the PIM's messages), the
explanation with the smallest extra grant, and the answer.

What other wings may use is listed in ``__all__``; the modules inside import one
another directly."""

from simulator.engine.answers import Answer, answer, answer_all, outcomes
from simulator.engine.explain import GrantIncrement, GrantSuggestion, Verdict
from simulator.engine.rights import (
    ValueAccess,
    ValueRight,
    attribute_group_level,
    effective_permissions,
    locale_level,
    product_level,
    value_access,
)
from simulator.engine.situations import (
    ACCESS_ORDER,
    Access,
    Counts,
    Situation,
    Situations,
    Summary,
    products_with,
    summarise,
)
from simulator.engine.store import Store
from simulator.engine.values import sample_value

__all__ = [
    "Access",
    "ACCESS_ORDER",
    "Counts",
    "products_with",
    "Situation",
    "Situations",
    "summarise",
    "Summary",
    "Answer",
    "answer",
    "answer_all",
    "attribute_group_level",
    "effective_permissions",
    "GrantIncrement",
    "GrantSuggestion",
    "locale_level",
    "outcomes",
    "product_level",
    "sample_value",
    "Store",
    "value_access",
    "ValueAccess",
    "ValueRight",
    "Verdict",
]
