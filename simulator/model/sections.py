"""Which section of the article describes each rule the engine applies.

Every check of an answer names the section a reader can open to learn the rule. The
anchors follow the help-center dialect's heading ids for
``docs/articles/how-to-connect-my-pim-with-apps.md``; this table is the one place that
lists them, so a test can check that each one exists in the built page.
"""

from __future__ import annotations

import enum
from typing import Mapping

ARTICLE = "articles/how-to-connect-my-pim-with-apps.md"


class Section(enum.Enum):
    """A section of the article, by its anchor."""

    WHAT_IS_AN_APP = "what-is-an-app"
    AUTHORIZATION_STEP = "all-editions-authorization-step"
    NO_AUTHORIZATION = "no-specific-authorizations-have-been-requested"
    PERMISSION_STEPS = "only-for-ee-customers-permission-steps"
    CATEGORY_TREES = "category-trees"
    CATEGORY_LEVELS = "which-level-should-you-give-to-your-app"
    CATEGORY_EXAMPLE = "example"
    LOCALES = "locales"
    LOCALE_LEVELS = "which-level-should-you-give-to-your-app-2"
    LOCALE_EXAMPLE = "example-2"
    ATTRIBUTE_GROUPS = "attribute-groups"
    ATTRIBUTE_GROUP_LEVELS = "which-level-should-you-give-to-your-app-3"
    ATTRIBUTE_GROUP_EXAMPLE = "example-3"

    @property
    def anchor(self) -> str:
        return self.value


class Rule(enum.Enum):
    """A rule the engine applies when it answers a request."""

    REQUEST = "the request is well formed and names existing data"
    SCOPE = "the App holds the scope the endpoint needs"
    NO_SCOPE = "an App without scopes reaches no product endpoint"
    EDITION = "only the Enterprise Edition has permissions, drafts and proposals"
    PRODUCT_VISIBLE = "a product is visible through at least one viewable category"
    PRODUCT_EDITABLE = "changing a product needs Edit; without Own, updates become drafts"
    PRODUCT_OWNED = "deleting, re-categorizing and approving need Own"
    CATEGORY_ASSIGNABLE = "a product can only be put in categories of viewable trees"
    LOCALE_VISIBLE = "values in a locale need View on it"
    LOCALE_EDITABLE = "changing a value in a locale needs Edit on it"
    ATTRIBUTE_GROUP_VISIBLE = "values of an attribute group need View on it"
    ATTRIBUTE_GROUP_EDITABLE = "changing a value of an attribute group needs Edit on it"


RULE_SECTIONS: Mapping[Rule, Section] = {
    Rule.REQUEST: Section.WHAT_IS_AN_APP,
    Rule.SCOPE: Section.AUTHORIZATION_STEP,
    Rule.NO_SCOPE: Section.NO_AUTHORIZATION,
    Rule.EDITION: Section.PERMISSION_STEPS,
    Rule.PRODUCT_VISIBLE: Section.CATEGORY_EXAMPLE,
    Rule.PRODUCT_EDITABLE: Section.CATEGORY_LEVELS,
    Rule.PRODUCT_OWNED: Section.CATEGORY_LEVELS,
    Rule.CATEGORY_ASSIGNABLE: Section.CATEGORY_TREES,
    Rule.LOCALE_VISIBLE: Section.LOCALE_LEVELS,
    Rule.LOCALE_EDITABLE: Section.LOCALE_EXAMPLE,
    Rule.ATTRIBUTE_GROUP_VISIBLE: Section.ATTRIBUTE_GROUP_LEVELS,
    Rule.ATTRIBUTE_GROUP_EDITABLE: Section.ATTRIBUTE_GROUP_LEVELS,
}
"""The section that describes each rule: the one table of rule → article anchor."""


_ANCHOR_BY_NAME = {rule.name: section.value for rule, section in RULE_SECTIONS.items()}


def anchor_of(rule: Rule) -> str:
    # Keyed by the member's name: a str hashes faster than an enum member, and the
    # benchmark asks this for every check of every answer.
    return _ANCHOR_BY_NAME[rule._name_]
