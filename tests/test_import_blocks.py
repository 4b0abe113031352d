"""A large products export is read a block of lines at a time, column by column, and
must give exactly what reading it row by row gives: the same products, the same
values, and each problem named with its file, line and column.

The PIM's CSV writer quotes a cell that holds a space (PHP's ``fputcsv``: "Chemise en
lin" is written ``"Chemise en lin"``), a separator, a quote or a line break; files
saved on Windows end their lines with CR LF. Fixtures: tests/fixtures/imports (the
products export's columns).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from simulator.engine import Situation, Situations

from simulator.formats import catalog_to_dict, grouping_of
from simulator.formats.importer import Importer, import_files
from simulator.formats.problems import ImportLimits, Severity
from simulator.model import Product, Value

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
CATEGORIES = b"code;parent;label-fr_FR\ncatalogue_fr;;Catalogue FR\nchemises;catalogue_fr;Chemises\n"


def products_of(data: str, limits: ImportLimits | None = None) -> tuple[list[tuple[str, object]], list[str]]:
    """The products read (identifier, values) and the errors named."""
    files = {"categories.csv": CATEGORIES, "products.csv": data.encode()}
    result = import_files(files, limits) if limits is not None else import_files(files)
    products = catalog_to_dict(result.catalog)["products"]
    assert isinstance(products, list)
    errors = [str(p) for p in result.report if p.severity is Severity.ERROR]
    return [(p["identifier"], p.get("values")) for p in products], errors


def rows(count: int, start: int = 0) -> list[str]:
    return [f"p_{n};chemises;1;Produit {n}" for n in range(start, start + count)]


HEADER = "sku;categories;enabled;name-fr_FR"


def test_cells_quoted_as_the_pim_writes_them_read_as_the_same_products() -> None:
    plain = "\n".join([HEADER, "chemise_lin;chemises;1;Chemise en lin", "chemise_oxford;chemises;0;Oxford"]) + "\n"
    quoted = "\n".join([HEADER, '"chemise_lin";chemises;1;"Chemise en lin"', 'chemise_oxford;"chemises";0;""']) + "\n"

    read_plain, _ = products_of(plain)
    read_quoted, problems = products_of(quoted)

    assert problems == []
    assert read_plain[0] == read_quoted[0] == (
        "chemise_lin", {"name": {"fr_FR": "Chemise en lin"}})
    assert read_quoted[1] == ("chemise_oxford", None)


def test_a_quoted_cell_holding_a_separator_or_a_line_break_keeps_it() -> None:
    data = "\n".join([HEADER, 'a;chemises;1;"Chemise; lin"', 'b;chemises;1;"Deux\nlignes"', "c;chemises;1;Fin"]) + "\n"

    read, problems = products_of(data)

    assert problems == []
    assert [(identifier, values["name"]["fr_FR"]) for identifier, values in read] == [  # type: ignore[index]
        ("a", "Chemise; lin"), ("b", "Deux\nlignes"), ("c", "Fin")]


def test_lines_ending_with_cr_lf_and_a_blank_last_line_read_alike() -> None:
    lines = [HEADER, *rows(3)]

    unix, _ = products_of("\n".join(lines) + "\n")
    windows, problems = products_of("\r\n".join(lines) + "\r\n\r\n")

    assert problems == []
    assert windows == unix
    assert [identifier for identifier, _ in windows] == ["p_0", "p_1", "p_2"]


def test_problems_far_apart_in_a_large_export_are_named_each_where_it_is() -> None:
    lines = [HEADER, *rows(45_000)]
    lines[30_001] = "p_5;chemises;1;Encore"          # line 30,002: a duplicate of line 7
    lines[41_000] = "p_40999;chemises;peut-être;X"   # line 41,001: not a yes/no
    lines[12_000] = "p,11999;chemises;1;X"            # line 12,001: a comma in an identifier
    lines[25_000] = "p_24999;nulle_part;1;X"          # line 25,001: a category that does not exist
    lines[44_000] = "p_43999;chemises,nulle_part;1;X"

    read, problems = products_of("\n".join(lines) + "\n")

    assert len(read) == 45_000 - 5
    assert 'products.csv:30002:1: product "p_5" was already read (products.csv:7): this line is left out' in problems
    assert 'products.csv:41001:18: enabled is "peut-être": expected 1 or 0; the line is left out' in problems
    assert "products.csv:12001:1: the identifier holds a comma, a semicolon or a control character: the line is " \
        "left out" in problems
    assert 'products.csv:25001:9: category "nulle_part" does not exist: 1 product in it left out ' \
        "(the first here)" in problems
    assert 'products.csv:44001:9: category "nulle_part" does not exist: 1 product in it left out ' \
        "(the first here)" in problems
    assert ("p_30001", {"name": {"fr_FR": "Produit 30001"}}) in read


def test_products_of_an_unknown_category_in_many_blocks_are_counted_together() -> None:
    lines = [HEADER, *(f"p_{n};{'nulle_part' if n % 1000 == 0 else 'chemises'};1;X" for n in range(50_000))]

    read, problems = products_of("\n".join(lines) + "\n")

    assert len(read) == 50_000 - 50
    assert problems == ['products.csv:2:5: category "nulle_part" does not exist: 50 products in it left out '
                        "(the first here)"]


def test_the_rows_beyond_the_limit_are_not_read_and_the_limit_is_named() -> None:
    read, problems = products_of("\n".join([HEADER, *rows(30_000)]) + "\n", ImportLimits(rows=25_000))

    assert len(read) == 25_000
    assert read[-1][0] == "p_24999"
    assert problems == ["products.csv:25002: the file has more than 25,000 lines; the rest is not read"]


def test_an_import_in_steps_shows_progress_through_a_large_export() -> None:
    importer = Importer()
    importer.add("categories.csv", CATEGORIES)
    importer.add("products.csv", ("\n".join([HEADER, *rows(100_000)]) + "\n").encode())

    steps = list(importer.steps(batch=20_000))
    reading = [step for step in steps if step.stage.startswith("Reading products.csv: ")]

    assert len(reading) >= 4
    assert [step.done for step in steps] == sorted(step.done for step in steps)
    assert steps[-1].stage == "Imported"
    assert len(importer.result().catalog.products) == 100_000


def test_the_situations_of_an_imported_export_are_those_of_the_same_catalog_indexed_anew() -> None:
    files = {
        "categories.csv": CATEGORIES + b"marketplace;;Marketplace\n",
        "product_models.csv": b"code;family_variant;parent;categories\nmodel_a;by_size;;marketplace\n",
        "products.csv": (
            "sku;categories;enabled;family;parent;name-fr_FR\n"
            "a;chemises;1;shirts;;A\n"
            "b;chemises;1;shirts;;B\n"
            "c;chemises;1;shoes;;C\n"
            "d;;1;shirts;model_a;D\n"
            "e;marketplace;1;shirts;;E\n"      # the same situation as d's, held another way
            "f;;1;;;F\n"
        ).encode(),
    }
    catalog = import_files(files).catalog

    changed = replace(catalog, products=tuple(catalog.products))  # a changed catalog holds its products whole
    assert grouping_of(catalog) is not None and grouping_of(changed) is None  # the two ways compared
    imported = Situations(catalog)
    anew = Situations(changed)  # indexed from its products

    expected = [
        Situation(frozenset({"chemises"}), "shirts", 2, 0),
        Situation(frozenset({"chemises"}), "shoes", 1, 2),
        Situation(frozenset({"marketplace"}), "shirts", 2, 3),
        Situation(frozenset(), "", 1, 5),
    ]
    assert list(imported.situations) == list(anew.situations) == expected
    assert [imported.index_of(n) for n in range(6)] == [anew.index_of(n) for n in range(6)] == [0, 0, 1, 2, 2, 3]


def test_after_lines_that_are_not_plain_the_rest_reads_alike() -> None:
    lines = [HEADER, *rows(60_000)]
    lines[10] = 'p_9;chemises;1;"Une; deux"'       # a separator in a quoted cell
    lines[30_000] = 'p_29999;chemises;1;"Trois\nlignes"'
    lines[50_000] = "p_49999;chemises;1"                # cut short

    read, problems = products_of("\n".join(lines) + "\n")

    assert len(read) == 60_000 - 1
    assert read[9] == ("p_9", {"name": {"fr_FR": "Une; deux"}})
    assert ("p_29999", {"name": {"fr_FR": "Trois\nlignes"}}) in read
    assert ("p_59999", {"name": {"fr_FR": "Produit 59999"}}) in read
    assert problems == ["products.csv:50002: the line has 3 cells, the header 4 (a line cut short?): "
                        "the line is left out"]


def test_an_imported_export_gives_each_product_as_asked_and_finds_it_by_code() -> None:
    files = {
        "categories.csv": CATEGORIES,
        "product_models.csv": b"code;family_variant;parent;categories\nmodel_a;by_size;;chemises\n",
        "products.csv": (
            "sku;categories;enabled;family;parent;name-fr_FR\n"
            "a;chemises;1;shirts;;Chemise A\n"
            "b;chemises;0;shirts;;\n"
            "a;chemises;1;shirts;;Encore A\n"      # read before: named, left out, the rest kept
            "c;;1;shirts;model_a;Variante C\n"
        ).encode(),
    }
    result = import_files(files)
    products = result.catalog.products

    assert [str(p) for p in result.report if p.severity is Severity.ERROR] == [
        'products.csv:4:1: product "a" was already read (products.csv:2): this line is left out']
    assert len(products) == 3
    assert products[0] == Product("a", None, "shirts", True, ("chemises",), (Value("name", "fr_FR", "Chemise A"),))
    assert products[1] == Product("b", None, "shirts", False, ("chemises",))
    assert products[-1] == Product("c", "model_a", "shirts", True, (), (Value("name", "fr_FR", "Variante C"),))
    assert [p.identifier for p in products[1:]] == ["b", "c"]
    assert list(products) == [products[0], products[1], products[2]]
    found = result.catalog.product_by_identifier
    assert found["c"] == products[2] and "b" in found and "d" not in found and sorted(found) == ["a", "b", "c"]
    assert grouping_of(result.catalog) is not None  # the line left out does not undo the grouping
    # c's model is in chemises: the three products are in one situation
    assert [(s.categories, s.products) for s in Situations(result.catalog).situations] == [(frozenset({"chemises"}), 3)]
