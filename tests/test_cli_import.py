"""``python -m simulator import FILE… [--anonymise] -o catalog.json`` and
``evaluate SCENARIO --catalog catalog.json``: the import for support staff and CI."""

from __future__ import annotations

import io
import json
from pathlib import Path

from simulator.cli import main
from simulator.formats import load_catalog

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def fixture(name: str) -> str:
    return str(FIXTURES / name)


SUPPORT_SCENARIO = {
    "version": 1,
    "title": "Can the ERP update chemise_lin?",
    "catalog": "article",
    "edition": "EE",
    "app": "erp_connector",
    "permissions": {
        "categories": {"edit": ["catalogue_fr"], "view": ["marketplace"]},
        "locales": {"edit": ["fr_FR"], "view": ["nl_BE"]},
        "attribute_groups": {"edit_all": True},
    },
    "requests": [
        {"method": "PATCH", "path": "/api/rest/v1/products/chemise_lin",
         "body": {"values": {"name": [{"locale": "fr_FR", "scope": None, "data": "Chemise de lin"}]}},
         "expect": {"status": 204, "effect": "draft"}},
        {"method": "PATCH", "path": "/api/rest/v1/products/chemise_lin",
         "body": {"values": {"name": [{"locale": "nl_BE", "scope": None, "data": "Hemd"}]}},
         "expect": {"status": 403, "decided_by": "locale"}},
        {"method": "DELETE", "path": "/api/rest/v1/products/echantillon", "expect": {"status": 204}},
    ],
}


def test_import_writes_the_catalog_file_and_lists_what_it_read(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    code, out, err = run("import", fixture("categories.csv"), fixture("products.csv"), fixture("locales.json"),
                         "-o", str(target))
    assert code == 0
    assert f"{fixture('categories.csv')}: categories (CSV export) (UTF-8)" in err
    assert 'warning: ' in err and '"en_US"' in err
    assert err.rstrip().endswith("2 trees, 7 categories, 2 locales, 2 attributes, 0 product models, 5 products")
    catalog = load_catalog(str(target))
    assert [tree.code for tree in catalog.trees] == ["catalogue_fr", "marketplace"]
    assert len(catalog.products) == 5
    assert out == ""


def test_a_scenario_is_answered_on_the_imported_catalog(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    assert run("import", fixture("categories.csv"), fixture("products.csv"), fixture("locales.json"),
               "-o", str(target))[0] == 0
    scenario = tmp_path / "support.scenario.json"
    scenario.write_text(json.dumps(SUPPORT_SCENARIO), encoding="utf-8")
    code, out, _ = run("check", str(scenario), "--catalog", str(target))
    assert (code, out.strip()) == (0, "All 5 expectations hold.")
    code, out, _ = run("evaluate", str(scenario), "--catalog", str(target), "--json")
    answers = json.loads(out)
    assert [(a["status"], a["effect"]) for a in answers] == [(204, "draft"), (403, "refused"), (204, "applied")]
    assert answers[1]["message"] == 'You only have a view permission on the locale "nl_BE".'


def test_a_scenario_that_does_not_fit_the_catalog_is_named(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    run("import", fixture("categories.csv"), "-o", str(target))
    code, _, err = run("evaluate", "erp-owns-master", "--catalog", str(target))
    assert code == 2
    assert "erp-owns-master on the catalog" in err and 'unknown tree "master"' in err


def test_problems_are_listed_with_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "products.csv"
    bad.write_text("sku;categories;enabled\nok;catalogue_fr;1\nlost;nowhere;1\nodd;catalogue_fr;maybe\n", "utf-8")
    target = tmp_path / "catalog.json"
    code, _, err = run("import", fixture("categories.csv"), str(bad), "-o", str(target))
    assert code == 0
    assert f'error: {bad}:3:6: category "nowhere" does not exist: 1 product in it left out (the first here)' in err
    assert f'error: {bad}:4:18: enabled is "maybe": expected 1 or 0; the line is left out' in err
    assert [p.identifier for p in load_catalog(str(target)).products] == ["ok"]
    code, _, err = run("import", fixture("categories.csv"), str(bad), "-o", str(tmp_path / "strict.json"), "--strict")
    assert code == 2 and "2 problems left something out (--strict): nothing written" in err
    assert not (tmp_path / "strict.json").exists()


def test_nothing_readable_is_bad_input(tmp_path: Path) -> None:
    other = tmp_path / "orders.csv"
    other.write_text("order;total\n1;12\n", "utf-8")
    code, _, err = run("import", str(other), str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out.json"))
    assert code == 2 and "cannot read" in err and "missing.csv" in err
    code, _, err = run("import", str(other), "-o", str(tmp_path / "out.json"))
    assert code == 2 and "no file could be read" in err


def test_anonymise_writes_a_catalog_without_the_customers_words(tmp_path: Path) -> None:
    code, out, err = run("import", fixture("categories.csv"), fixture("products.csv"), fixture("locales.json"),
                         "--anonymise", "-o", "-")
    assert code == 0 and err.rstrip().endswith("(anonymised)")
    for word in ("catalogue_fr", "Catalogue", "chemise", "Chemise", "Marketplace", "Vêtements"):
        assert word not in out
    written = tmp_path / "neutral.json"
    written.write_text(out, "utf-8")
    catalog = load_catalog(str(written))
    assert [tree.code for tree in catalog.trees] == ["tree_1", "tree_2"]
    assert [p.identifier for p in catalog.products] == [f"product_{n}" for n in range(1, 6)]
