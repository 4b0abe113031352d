"""The article checks itself: what its text claims about each example is written in the
example's simulator block, and the build fails at the claim's line when the simulator
answers otherwise.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, BuildSite

from simulator.engine import ValueAccess
from simulator.scenarios import Expectation
from simulator.widget import initial_state, origin_from_block
from simulator.widget.block import claims_from_block
from simulator.widget.claims import (
    ClaimError,
    Disagreement,
    RequestClaim,
    ScreenClaim,
    ValueClaim,
    check_claims,
    read_claim,
)

ARTICLE_PATH = "docs/articles/how-to-connect-my-pim-with-apps.md"
ARTICLE = PROJECT_ROOT / ARTICLE_PATH
BLOCK = re.compile(r"^::: simulator (?P<info>.*)\n(?P<body>(?:(?!:::).*\n)*):::$", re.M)


def article_blocks() -> list[tuple[str, str]]:
    return [(found["info"], found["body"]) for found in BLOCK.finditer(ARTICLE.read_text("utf-8"))]


# Reading a claim.


@pytest.mark.parametrize(
    ("text", "method", "path", "body", "query", "expect"),
    [
        ("GET hat → 200", "GET", "/api/rest/v1/products/hat", None, {}, Expectation(status=200)),
        ("DELETE cap -> 204 applied", "DELETE", "/api/rest/v1/products/cap", None, {},
         Expectation(status=204, effect="applied")),
        ('PATCH hat name[fr_FR]="Chapeau de paille" → 403 refused by locale \'view permission on the locale "fr_FR"\'',
         "PATCH", "/api/rest/v1/products/hat",
         {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chapeau de paille"}]}}, {},
         Expectation(status=403, effect="refused", message='view permission on the locale "fr_FR"', decided_by="locale")),
        ("PATCH cap price=21.90 enabled=false → 204", "PATCH", "/api/rest/v1/products/cap",
         {"enabled": False, "values": {"price": [{"locale": None, "scope": None, "data": "21.90"}]}}, {},
         Expectation(status=204)),
        ("POST summer_hat family=accessories categories=ecommerce_summer_hats,master → 201 applied",
         "POST", "/api/rest/v1/products",
         {"identifier": "summer_hat", "family": "accessories", "categories": ["ecommerce_summer_hats", "master"]}, {},
         Expectation(status=201, effect="applied")),
        ("PATCH hat seo_title[en_US]=x → 403 by attribute group", "PATCH", "/api/rest/v1/products/hat",
         {"values": {"seo_title": [{"locale": "en_US", "scope": None, "data": "x"}]}}, {},
         Expectation(status=403, decided_by="attribute group")),
        ('GET /api/rest/v1/products?search={"erp_code":[{"operator":"=","value":"E 1"}]} → 422',
         "GET", "/api/rest/v1/products", None, {"search": '{"erp_code":[{"operator":"=","value":"E 1"}]}'},
         Expectation(status=422)),
        ("GET hat → not sent", "GET", "/api/rest/v1/products/hat", None, {}, Expectation(effect="not sent")),
    ],
)
def test_a_request_claim_reads_as_the_api_call_and_its_answer(
    text: str, method: str, path: str, body: object, query: dict[str, str], expect: Expectation
) -> None:
    claim = read_claim(text, 3)

    assert isinstance(claim, RequestClaim)
    assert claim.line == 3
    assert (claim.request.method, claim.request.path, claim.request.body) == (method, path, body)
    assert dict(claim.request.query) == query
    assert claim.request.expect == expect


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hat erp_code hidden", ValueClaim(1, "hat", "erp_code", None, ValueAccess.HIDDEN)),
        ("hat name[en_US] editable through a draft", ValueClaim(1, "hat", "name", "en_US", ValueAccess.THROUGH_DRAFT)),
        ('marketplace disables "Connect"', ScreenClaim(1, "marketplace", "disables", "Connect")),
        ("authorizations says 'No specific authorizations have been requested.'",
         ScreenClaim(1, "authorizations", "says", "No specific authorizations have been requested.")),
    ],
)
def test_value_and_screen_claims_read_as_written(text: str, expected: object) -> None:
    assert read_claim(text, 1) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "an expect line says what the text claims"),
        ("GET hat 200", 'expect "GET hat 200": write the request, an arrow and the answer: GET hat → 200'),
        ("GET → 200", 'name a product or an API path after GET'),
        ("GET hat → ok", "the answer starts with a status"),
        ("GET hat → 200 fine", '"fine": after the status come an effect'),
        ("GET hat → 200 by colour", '"by colour": expected one of request, edition, scope, category'),
        ("DELETE hat name=x → 204", "a DELETE sends no changes"),
        ("PATCH hat just-words → 204", 'change "just-words": write it as attribute[locale]=value'),
        ("PATCH hat enabled=maybe → 204", 'enabled is true or false, not "maybe"'),
        ("GET /products/hat → 200", 'expected it to start with "/api/rest/v1/"'),
        ("hat erp_code visible", "<product> <attribute>[<locale>] <hidden | read-only | editable"),
        ("marketplace shows Connect", 'write marketplace says "text", or marketplace disables "Button"'),
    ],
)
def test_a_claim_that_cannot_be_read_says_why_at_its_line(text: str, message: str) -> None:
    with pytest.raises(ClaimError, match=re.escape(message)) as raised:
        read_claim(text, 7)
    assert raised.value.line == 7


def test_claims_are_the_expect_lines_of_the_body_with_their_lines() -> None:
    body = "product: hat\n\nexpect: GET hat → 200\nshow: all\nexpect: hat erp_code hidden\n"

    assert [claim.line for claim in claims_from_block(body)] == [3, 5]
    assert origin_from_block("hat-and-braided-hat", body).product == "hat"


# Checking claims against the engine.


@pytest.mark.parametrize(
    ("block", "claim", "disagreement"),
    [
        ("hat-and-braided-hat", 'PATCH hat name[en_US]="Straw hat" → 204 applied', ""),
        ("hat-and-braided-hat", 'PATCH hat name[en_US]="Straw hat" → 204 draft',
         "PATCH /api/rest/v1/products/hat (name[en_US]): the text expects 204 draft, "
         "the simulator answers 204 applied, decided by category"),
        ("hat-and-braided-hat", "GET braided_hat → 200",
         "GET /api/rest/v1/products/braided_hat: the text expects 200, the simulator answers 404 invisible, "
         'decided by category: "Product "braided_hat" does not exist or you do not have permission to access it."'),
        ("hat-and-braided-hat", "POST print_hat categories=print_flyers → 201 applied",
         "POST /api/rest/v1/products print_hat (categories): the text expects 201 applied, the simulator answers "
         '422 refused, decided by category: "Property "categories" expects a valid category code. '
         'The category does not exist, "print_flyers" given. Check the expected format on the API documentation."'),
        ("translation-app", "POST beach_hat categories=ecommerce_summer_hats → 201 applied", ""),
        ("translation-app", "PATCH hat name[de_DE]=Strohhut → 204 draft 'Location'",
         "PATCH /api/rest/v1/products/hat (name[de_DE]): the text expects 204 draft with \"Location\", "
         "the simulator answers 204 draft, decided by category"),
        ("user-without-manage-apps", "GET hat → 200",
         "GET /api/rest/v1/products/hat: the text expects 200, the request is not sent: the App is not connected"),
        ("user-without-manage-apps", "GET hat → not sent", ""),
        ("ecommerce-attribute-groups", "hat erp_code hidden", ""),
        ("ecommerce-attribute-groups", "hat seo_title[en_US] editable",
         "hat seo_title[en_US]: the text expects editable, the simulator says read-only "
         "(decided by the locales permissions)"),
        ("user-without-manage-apps", 'authorizations says "View"',
         'authorizations screen: the wizard never reaches it, it stops on "Marketplace"'),
        ("ecommerce-attribute-groups", "hat erp_code[en_US] hidden", "hat erp_code[en_US]: erp_code has no locale in this catalog"),
        ("ecommerce-attribute-groups", "sock name[en_US] hidden", 'sock name[en_US]: the example\'s catalog has no product "sock"'),
        ("user-without-manage-apps", 'marketplace disables "Connect"', ""),
        ("erp-owns-master", 'marketplace disables "Connect"',
         'marketplace screen: the text expects "Connect" disabled, it is enabled'),
        ("erp-owns-master", 'authorizations enables "Allow"',
         'authorizations screen: no "Allow" button; its buttons: Cancel, Allow and next'),
        ("no-scope-app", 'permissions says "Categories"',
         'permissions screen: step "permissions" is not in this wizard (EE, Dashboard App); '
         "its steps: marketplace, authorizations, done"),
        ("no-scope-app", 'authorizations says "View products"',
         'authorizations screen: the text expects it to say "View products"; it says: Marketplace Authorizations '
         "Well done! Dashboard App would like to access your PIM. No specific authorizations have been requested. "
         "It will still be able to: get the list of all API endpoints, which is also available on api.akeneo.com "
         "get your system information: your PIM version and edition Cancel Allow"),
    ],
)
def test_a_claim_holds_or_names_what_the_simulator_answers(block: str, claim: str, disagreement: str) -> None:
    state = initial_state(origin_from_block(block, ""))

    found = check_claims(state, (read_claim(claim, 4),))

    assert found == ((Disagreement(4, disagreement),) if disagreement else ())


# The article itself.

EXAMPLES = {
    "erp-owns-master": "the ERP App",
    "hat-and-braided-hat": "Hat and Braided hat",
    "translation-app": "the translation App",
    "ecommerce-attribute-groups": "the e-commerce App",
    "no-scope-app": "the App asking no scope",
    "user-without-manage-apps": "the user without Manage apps",
}


@pytest.mark.parametrize("preset_id", EXAMPLES, ids=list(EXAMPLES.values()))
def test_every_example_of_the_article_carries_what_the_text_claims(preset_id: str) -> None:
    claims = [claim for info, body in article_blocks() if info.split()[0] == preset_id for claim in claims_from_block(body)]

    assert len(claims) >= 2


def test_every_claim_of_the_article_holds() -> None:
    for info, body in article_blocks():
        state = initial_state(origin_from_block(info, body))
        assert check_claims(state, claims_from_block(body)) == (), info


def test_the_article_has_no_empty_section_and_no_todo() -> None:
    source = re.sub(r"<!--.*?-->", "", ARTICLE.read_text("utf-8"), flags=re.S)
    sections = re.split(r"^#{1,6} .*$", source.split("\n---\n", 1)[1], flags=re.M)[1:]
    headings = re.findall(r"^#{1,6} (.*)$", source, re.M)

    assert [heading for heading, text in zip(headings, sections) if not text.strip()] == []
    assert not re.search(r"TODO|SCREENSHOT TO BE UPDATED|Add screenshot", ARTICLE.read_text("utf-8"))


@pytest.mark.parametrize(
    ("said", "meaning"),
    [
        ("When the App creates a product, your PIM creates it directly", "a creation under Edit is no proposal"),
        ("- get the list of all API endpoints", "what an App asking no scope can still do, as a list"),
        ("- get your system information", "what an App asking no scope can still do, as a list"),
        ("your role doesn't have the `Manage apps` permission", "why Connect is disabled"),
        ("you give the `View` level on the `E-commerce`, `Marketing` and `Media` attribute groups", "the e-commerce App"),
    ],
)
def test_the_article_says_what_the_pim_does(said: str, meaning: str) -> None:
    assert said in ARTICLE.read_text("utf-8"), meaning


# The build.


@pytest.mark.parametrize(
    ("claim", "changed_to", "message"),
    [
        ('expect: PATCH hat name[en_US]="Straw hat" → 204 applied', 'expect: PATCH hat name[en_US]="Straw hat" → 204 draft',
         "simulator example disagrees with the text: PATCH /api/rest/v1/products/hat (name[en_US]): "
         "the text expects 204 draft, the simulator answers 204 applied, decided by category"),
        ("expect: hat erp_code hidden", "expect: hat erp_code read-only",
         "simulator example disagrees with the text: hat erp_code: the text expects read-only, "
         "the simulator says hidden (decided by the attribute groups permissions)"),
        ('expect: marketplace disables "Connect"', 'expect: marketplace enables "Connect"',
         'simulator example disagrees with the text: marketplace screen: the text expects "Connect" enabled, it is disabled'),
        ('expect: marketplace disables "Connect"', 'expect: marketplace disable "Connect"',
         'simulator block: expect "marketplace disable "Connect"": write marketplace says "text", '
         'or marketplace disables "Button"'),
    ],
)
def test_a_changed_expected_answer_fails_the_build_at_its_line(
    project_copy: Path, build_site: BuildSite, tmp_path: Path, claim: str, changed_to: str, message: str
) -> None:
    source = ARTICLE.read_text("utf-8")
    assert source.count(claim) == 1
    line = source[: source.index(claim)].count("\n") + 1
    (project_copy / "docs" / "articles").mkdir(exist_ok=True)
    (project_copy / ARTICLE_PATH).write_text(source.replace(claim, changed_to), "utf-8")
    shutil.copytree(PROJECT_ROOT / "docs" / "img", project_copy / "docs" / "img", dirs_exist_ok=True)

    build = build_site(project_copy, tmp_path / "site")

    assert build.returncode != 0
    assert f"{ARTICLE_PATH}:{line}: {message}" in build.stderr


def test_the_article_as_written_builds_with_its_claims_unseen(site_dir: Path) -> None:
    page = (site_dir / "articles" / "how-to-connect-my-pim-with-apps.html").read_text("utf-8")

    assert "expect:" not in page
    assert page.count("data-simulator") == len(article_blocks()) == 8
