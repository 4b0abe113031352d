"""One catalog after another in the same page: each is answered as itself.

A page (one Python worker) answers many setups in turn: the reader imports a customer's
exports, imports them again once fixed (the same file names, the same numbers of
products and categories, the catalog named ``imported`` both times), undoes, picks an
example on another catalog, opens a scenario file. Whatever the page remembers from
an earlier setup must never answer a later one: the answers, the summary and the import
report are those of the catalog shown now. Driven through ``simulator.web.handle`` with
the JSON the page's script sends.
"""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path
from typing import Any

from simulator.web import handle
from simulator.widget import Origin, Tools, initial_state, state_to_dict

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "imports"
ERP_LOG = ROOT / "docs" / "scenarios" / "erp-log.scenario.json"

FIRST = {name: (FIXTURES / name).read_bytes() for name in ("categories.csv", "products.csv", "locales.json")}
# The products export again, with other products: five of them still (a sixth names a
# category that does not exist and is left out), in the same seven categories.
SECOND = {
    **FIRST,
    "products.csv": (
        "sku;categories;enabled;family;groups;name-fr_FR;name-nl_BE\n"
        "sabot_bois;mp_mode;1;chaussures;;Sabot en bois;Klomp\n"
        "tong_plage;sandales;1;chaussures;;Tong de plage;Teenslipper\n"
        "mocassin;mp_mode;1;chaussures;;Mocassin;Mocassin\n"
        "espadrille;mp_promo;1;chaussures;;Espadrille;Espadrille\n"
        "ballerine;mp_mode;1;chaussures;;Ballerine;Ballerina\n"
        "sandale_cuir;chaussures;1;chaussures;;Sandale en cuir;Leren sandaal\n"
    ).encode(),
}


GRANTED_FIRST = "ERP Connector in EE: 5 products × 4 requests = 20 answers: 5 applied, 0 draft, 7 refused, 8 invisible."


def call(op: str, payload: dict[str, Any]) -> dict[str, Any]:
    answer = json.loads(handle(op, json.dumps(payload)))
    assert "result" in answer, answer
    result: dict[str, Any] = answer["result"]
    return result


def act(state: dict[str, Any], **event: str) -> dict[str, Any]:
    return call("widget.act", {"state": state, "event": event})


def imported(state: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
    """What the page's script does with chosen files: begin, the bytes, the steps, done."""
    session = call("import.begin", {"files": [{"name": name, "size": len(data)} for name, data in files.items()]})
    for index, data in enumerate(files.values()):
        call("import.chunk", {"session": session["session"], "file": index, "data": base64.b64encode(data).decode()})
    while not call("import.step", {"session": session["session"]})["done"]:
        pass
    return act(state, action="import-catalog", session=session["session"])


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary(answer: dict[str, Any]) -> str:
    found = re.search(r'<p class="sim-summary-text">(.*?)</p>', answer["regions"]["summary"]["html"])
    assert found is not None
    return text(found[1])


def report(answer: dict[str, Any]) -> str:
    found = re.search(r'<div class="sim-import-report".*?</div>', answer["regions"]["catalog"]["html"], re.S)
    return text(found[0]) if found else ""


def first_answer(answer: dict[str, Any]) -> str:
    found = re.search(r'id="[^"]*-r0"[^>]*>(.*?)</button>', answer["regions"]["requests"]["html"], re.S)
    assert found is not None
    return text(found[1])


def full_page(preset: str = "erp-owns-master") -> dict[str, Any]:
    return call("widget.render", {"state": state_to_dict(initial_state(Origin(preset, tools=Tools.FULL)))})


def test_a_second_import_with_the_same_names_and_counts_is_answered_and_reported_as_itself() -> None:
    first = imported(full_page()["state"], FIRST)
    granted = act(first["state"], action="level", axis="categories", code="marketplace", value="view")
    # Marketplace viewed: chemise_lin (mp_mode) and basket_blanche (mp_promo) read, not
    # changed; echantillon, in no category, everyone's but for the category it is
    # moved to; chemise_oxford and botte_pluie, only in Catalogue FR, not seen.
    assert summary(granted) == GRANTED_FIRST
    assert first_answer(granted) == "✓ 200 applied"

    second = imported(granted["state"], SECOND)

    assert second["state"]["product"] == "sabot_bois"
    # Four products in Marketplace read, not changed; sandale_cuir, in Catalogue FR only, not seen.
    assert summary(second) == "ERP Connector in EE: 5 products × 4 requests = 20 answers: 4 applied, 0 draft, 12 refused, 4 invisible."
    requests = text(second["regions"]["requests"]["html"])
    assert "sabot_bois" in requests and "chemise_lin" not in requests
    shown = report(second)
    assert "Imported: 2 trees, 7 categories, 2 locales, 2 attributes, 0 product models, 5 products." in shown
    assert '1 problems, 2 warnings' in shown
    assert 'products.csv:3:12 category "sandales" does not exist: 1 product in it left out' in shown

    back = act(second["state"], action="undo")

    assert back["state"]["product"] == "chemise_lin"
    assert summary(back) == GRANTED_FIRST
    shown = report(back)
    assert "0 problems, 2 warnings" in shown  # the first import's report, not the second's
    assert "sandales" not in shown


def test_an_edit_that_keeps_every_count_keeps_the_import_report_and_is_answered_as_edited() -> None:
    first = imported(full_page()["state"], FIRST)
    granted = act(first["state"], action="level", axis="categories", code="marketplace", value="view")

    moved = call("widget.act", {"state": granted["state"], "event": {
        "action": "catalog-edit", "fields": {"edit": "product-update", "identifier": "chemise_lin", "categories": "chemises"}}})

    # chemise_lin now only in Catalogue FR: not seen any more; the rest as before.
    assert summary(moved) == "ERP Connector in EE: 5 products × 4 requests = 20 answers: 4 applied, 0 draft, 4 refused, 12 invisible."
    assert first_answer(moved) == "⊘ 404 invisible"
    assert "0 problems, 2 warnings" in report(moved)


def expectations(answer: dict[str, Any]) -> str:
    found = re.search(r'<p class="sim-assertions[^"]*">(.*?)</p>', answer["regions"]["summary"]["html"])
    assert found is not None
    return text(found[1])


def test_an_example_on_another_catalog_is_answered_on_that_catalog() -> None:
    page = full_page()  # the article's catalog: no "stock" attribute, no product uuids

    chosen = act(page["state"], action="preset", value="erp-sync-prices-stock")

    # The shop catalog's stock attribute and uuids: the example's expected answers hold.
    assert expectations(chosen) == "Expected answers: all hold."
    values = text(chosen["regions"]["values"]["html"])
    assert " Stock ERP ✓ editable every locale " in values and " Legal notice (France) " in values


def test_a_scenario_file_on_another_catalog_opened_after_the_example_is_answered_on_its_catalog() -> None:
    page = full_page()

    opened = call("widget.import", {"state": page["state"], "text": ERP_LOG.read_text("utf-8")})

    # The shop catalog's typed attributes and uuids: the log's twenty expected answers hold.
    assert expectations(opened) == "Expected answers: all hold."
    assert summary(opened) == "ERP Connector in EE: 7 products × 4 requests = 28 answers: 24 applied, 0 draft, 0 refused, 4 invisible."


def test_an_anonymised_catalog_shows_no_report_that_names_the_customers_codes() -> None:
    second = imported(full_page()["state"], SECOND)
    assert "sandales" in report(second)

    anonymised = act(second["state"], action="anonymise")

    assert report(anonymised) == ""
    assert "sabot_bois" not in anonymised["regions"]["catalog"]["html"]
