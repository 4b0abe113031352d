"""Generated catalogs: any size for benchmarks and property tests, or a realistic one.

Both are deterministic: the same arguments always give the same catalog, on CPython
and on Pyodide alike (only ``Random.random`` is used, whose sequence Python keeps
stable). ``python -m simulator.scenarios.synthetic --realistic > simulator/data/large.json``
rebuilds the shipped ``large`` catalog.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from typing import Iterator, Sequence, TypeVar

from simulator.model import (
    Attribute,
    AttributeGroup,
    Catalog,
    Category,
    Locale,
    Product,
    ProductModel,
    Value,
)

T = TypeVar("T")

LOCALES: tuple[str, ...] = ("en_US", "fr_FR", "de_DE")
ATTRIBUTE_GROUPS: tuple[str, ...] = ("marketing", "ecommerce", "media", "erp", "technical")


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


# Synthetic catalogs of any size.


def synthetic_catalog(
    products: int,
    *,
    seed: int = 0,
    depth: int = 4,
    trees: int = 3,
    branching: int = 3,
    locales: Sequence[str] = LOCALES,
    attribute_groups: Sequence[str] = ATTRIBUTE_GROUPS,
    unclassified_share: float = 0.05,
    variant_share: float = 0.2,
    variants_per_model: int = 4,
    categories_per_product: int = 2,
) -> Catalog:
    """A catalog of ``products`` products with codes only, no realistic texts.

    ``trees`` trees, each ``depth`` levels deep with ``branching`` children per
    category. Each attribute group holds one localizable and one non-localizable
    attribute. About ``variant_share`` of the products are variants: their root
    model is classified, the sub-model and the variants are not. Value tuples are
    drawn from a small shared pool, so that 100k products take seconds, not minutes.
    """
    if products < 0 or depth < 1 or trees < 0 or branching < 1:
        raise ValueError("products and trees must be ≥ 0, depth and branching ≥ 1")
    rng = random.Random(seed)
    categories = _synthetic_trees(trees, depth, branching)
    category_codes = tuple(c.code for c in categories)
    attributes = tuple(
        Attribute(f"{group}_{kind}", group, localizable=kind == "text")
        for group in attribute_groups
        for kind in ("text", "code")
    )
    pool = _value_pool(attributes, locales)

    def classification() -> tuple[str, ...]:
        if not category_codes or rng.random() < unclassified_share:
            return ()
        count = 1 + int(rng.random() * categories_per_product)
        return tuple(dict.fromkeys(_pick(rng, category_codes) for _ in range(count)))

    models: list[ProductModel] = []
    product_list: list[Product] = []
    variant_count = int(products * variant_share)
    while len(product_list) < variant_count:
        root = f"model_{len(models)}"
        models.append(ProductModel(root, None, "synthetic", classification(), _pick(rng, pool)))
        sub = f"{root}_sub"
        models.append(ProductModel(sub, root, "synthetic"))
        for _ in range(min(variants_per_model, variant_count - len(product_list))):
            product_list.append(
                Product(f"variant_{len(product_list)}", sub, "synthetic",
                        values=_pick(rng, pool))
            )
    while len(product_list) < products:
        product_list.append(
            Product(
                f"product_{len(product_list)}",
                family="synthetic",
                enabled=rng.random() > 0.05,
                categories=classification(),
                values=_pick(rng, pool),
            )
        )
    return Catalog(
        code=f"synthetic_{products}_{seed}",
        label=f"Synthetic catalog: {products} products, seed {seed}",
        locales=tuple(Locale(code) for code in locales),
        attribute_groups=tuple(AttributeGroup(code) for code in attribute_groups),
        attributes=attributes,
        categories=categories,
        product_models=tuple(models),
        products=tuple(product_list),
    )


def _synthetic_trees(trees: int, depth: int, branching: int) -> tuple[Category, ...]:
    categories: list[Category] = []
    level = [Category(f"tree_{t}") for t in range(trees)]
    for _ in range(depth):
        categories.extend(level)
        level = [
            Category(f"{parent.code}_{child}", parent.code)
            for parent in level
            for child in range(branching)
        ] if _ < depth - 1 else []
    return tuple(categories)


def _value_pool(
    attributes: Sequence[Attribute], locales: Sequence[str], size: int = 16
) -> tuple[tuple[Value, ...], ...]:
    pool = []
    for variant in range(size):
        values: list[Value] = []
        for attribute in attributes:
            if attribute.localizable:
                values.extend(
                    Value(attribute.code, locale, f"{attribute.code} {variant} {locale}")
                    for locale in locales
                )
            else:
                values.append(Value(attribute.code, None, f"{attribute.code}-{variant}"))
        pool.append(tuple(values))
    return tuple(pool)


# The realistic catalog shipped as ``large``.

Words = tuple[str, str, str]
"""The same word in en_US, fr_FR and de_DE."""

_DEPARTMENTS: tuple[tuple[str, Words, tuple[Words, ...], dict[str, tuple[tuple[str, Words], ...]]], ...] = (
    (
        "clothing",
        ("Clothing", "Vêtements", "Kleidung"),
        (("cotton", "coton", "Baumwolle"), ("linen", "lin", "Leinen"),
         ("wool", "laine", "Wolle"), ("organic cotton", "coton bio", "Bio-Baumwolle")),
        {
            "tops|Tops|Hauts|Oberteile": (
                ("tshirt", ("T-shirt", "T-shirt", "T-Shirt")),
                ("shirt", ("Shirt", "Chemise", "Hemd")),
                ("sweater", ("Sweater", "Pull", "Pullover")),
            ),
            "bottoms|Bottoms|Bas|Hosen": (
                ("trousers", ("Trousers", "Pantalon", "Hose")),
                ("shorts", ("Shorts", "Short", "Shorts")),
                ("skirt", ("Skirt", "Jupe", "Rock")),
            ),
            "outerwear|Outerwear|Vêtements d'extérieur|Oberbekleidung": (
                ("jacket", ("Jacket", "Veste", "Jacke")),
                ("coat", ("Coat", "Manteau", "Mantel")),
            ),
        },
    ),
    (
        "accessories",
        ("Accessories", "Accessoires", "Zubehör"),
        (("leather", "cuir", "Leder"), ("straw", "paille", "Stroh"),
         ("canvas", "toile", "Segeltuch"), ("wool", "laine", "Wolle")),
        {
            "headwear|Headwear|Couvre-chefs|Kopfbedeckungen": (
                ("hat", ("Hat", "Chapeau", "Hut")),
                ("cap", ("Cap", "Casquette", "Kappe")),
                ("beanie", ("Beanie", "Bonnet", "Mütze")),
            ),
            "bags|Bags|Sacs|Taschen": (
                ("backpack", ("Backpack", "Sac à dos", "Rucksack")),
                ("tote_bag", ("Tote bag", "Sac cabas", "Einkaufstasche")),
                ("wallet", ("Wallet", "Portefeuille", "Geldbörse")),
            ),
            "neckwear|Scarves and ties|Écharpes et cravates|Schals und Krawatten": (
                ("scarf", ("Scarf", "Écharpe", "Schal")),
                ("tie", ("Tie", "Cravate", "Krawatte")),
            ),
        },
    ),
    (
        "footwear",
        ("Footwear", "Chaussures", "Schuhe"),
        (("leather", "cuir", "Leder"), ("suede", "daim", "Wildleder"),
         ("canvas", "toile", "Segeltuch"), ("rubber", "caoutchouc", "Gummi")),
        {
            "casual_shoes|Casual shoes|Chaussures de ville|Freizeitschuhe": (
                ("sneakers", ("Sneakers", "Baskets", "Sneaker")),
                ("loafers", ("Loafers", "Mocassins", "Slipper")),
            ),
            "boots|Boots|Bottes|Stiefel": (
                ("ankle_boots", ("Ankle boots", "Bottines", "Stiefeletten")),
                ("rain_boots", ("Rain boots", "Bottes de pluie", "Gummistiefel")),
            ),
            "sandals|Sandals|Sandales|Sandalen": (
                ("sandals", ("Sandals", "Sandales", "Sandalen")),
                ("flip_flops", ("Flip-flops", "Tongs", "Zehentrenner")),
            ),
        },
    ),
    (
        "home",
        ("Home", "Maison", "Wohnen"),
        (("ceramic", "céramique", "Keramik"), ("glass", "verre", "Glas"),
         ("linen", "lin", "Leinen"), ("oak", "chêne", "Eiche")),
        {
            "kitchen|Kitchen|Cuisine|Küche": (
                ("mug", ("Mug", "Mug", "Becher")),
                ("teapot", ("Teapot", "Théière", "Teekanne")),
                ("bowl", ("Bowl", "Bol", "Schüssel")),
            ),
            "bedroom|Bedroom|Chambre|Schlafzimmer": (
                ("cushion", ("Cushion", "Coussin", "Kissen")),
                ("throw", ("Throw", "Plaid", "Decke")),
            ),
            "decor|Decoration|Décoration|Dekoration": (
                ("vase", ("Vase", "Vase", "Vase")),
                ("candle_holder", ("Candle holder", "Bougeoir", "Kerzenhalter")),
            ),
        },
    ),
)

_COLORS: tuple[tuple[str, Words], ...] = (
    ("black", ("black", "noir", "Schwarz")),
    ("white", ("white", "blanc", "Weiß")),
    ("navy", ("navy", "bleu marine", "Marineblau")),
    ("red", ("red", "rouge", "Rot")),
    ("green", ("green", "vert", "Grün")),
    ("sand", ("sand", "sable", "Sand")),
)

_AUDIENCES: tuple[tuple[str, Words], ...] = (
    ("women", ("Women", "Femme", "Damen")),
    ("men", ("Men", "Homme", "Herren")),
    ("kids", ("Kids", "Enfant", "Kinder")),
    ("home", ("Home & living", "Maison", "Wohnen")),
)
_SEASONS: tuple[tuple[str, Words], ...] = (
    ("summer", ("Summer collection", "Collection été", "Sommerkollektion")),
    ("winter", ("Winter collection", "Collection hiver", "Winterkollektion")),
)
_SHELVES: tuple[tuple[str, Words], ...] = (
    ("new_arrivals", ("New arrivals", "Nouveautés", "Neuheiten")),
    ("best_sellers", ("Best sellers", "Meilleures ventes", "Bestseller")),
)
_PRINTS: tuple[tuple[str, Words], ...] = (
    ("spring_catalog", ("Spring catalog", "Catalogue de printemps", "Frühjahrskatalog")),
    ("autumn_catalog", ("Autumn catalog", "Catalogue d'automne", "Herbstkatalog")),
)
_PAGES: tuple[tuple[str, Words], ...] = (
    ("cover", ("Cover", "Couverture", "Titelseite")),
    ("inside", ("Inside pages", "Pages intérieures", "Innenseiten")),
)
_SIZES = ("S", "M", "L")


def _labels(words: Words) -> dict[str, str]:
    return dict(zip(LOCALES, words))


def realistic_catalog(seed: int = 0) -> Catalog:
    """About 500 apparel and home products, three trees four levels deep."""
    rng = random.Random(seed)
    categories: list[Category] = []

    def add(code: str, parent: str | None, words: Words) -> str:
        categories.append(Category(code, parent, _labels(words)))
        return code

    # Master catalog: department > sub-department > product type.
    master = add("master", None, ("Master catalog", "Catalogue principal", "Hauptkatalog"))
    leaf_of_type: dict[str, str] = {}
    for department, department_words, _, subs in _DEPARTMENTS:
        department_code = add(f"master_{department}", master, department_words)
        for sub_spec, types in subs.items():
            sub, *sub_words = sub_spec.split("|")
            sub_code = add(f"{department_code}_{sub}", department_code,
                           (sub_words[0], sub_words[1], sub_words[2]))
            for type_code, type_words in types:
                leaf_of_type[type_code] = add(f"{sub_code}_{type_code}", sub_code, type_words)

    # Ecommerce: audience > season > shelf.
    ecommerce = add("ecommerce", None, ("Ecommerce", "E-commerce", "E-Commerce"))
    shelves: dict[str, list[str]] = {}
    for audience, audience_words in _AUDIENCES:
        audience_code = add(f"ecommerce_{audience}", ecommerce, audience_words)
        for season, season_words in _SEASONS:
            season_code = add(f"{audience_code}_{season}", audience_code, season_words)
            for shelf, shelf_words in _SHELVES:
                code = add(f"{season_code}_{shelf}", season_code, shelf_words)
                shelves.setdefault(audience, []).append(code)

    # Print: catalog > department section > pages.
    print_tree = add("print", None, ("Print", "Impression", "Druck"))
    pages: dict[str, list[str]] = {}
    for issue, issue_words in _PRINTS:
        issue_code = add(f"print_{issue}", print_tree, issue_words)
        for department, department_words, _, _ in _DEPARTMENTS:
            section = add(f"{issue_code}_{department}", issue_code, department_words)
            for page, page_words in _PAGES:
                pages.setdefault(department, []).append(
                    add(f"{section}_{page}", section, page_words)
                )

    attributes = _realistic_attributes()
    erp_codes = (f"ERP-{number}" for number in itertools.count(10_000))
    models: list[ProductModel] = []
    products: list[Product] = []
    for department, _, materials, subs in _DEPARTMENTS:
        audiences = ("home",) if department == "home" else ("women", "men", "kids")
        for types in subs.values():
            for type_code, type_words in types:
                for material in materials:
                    has_variants = department == "clothing" and rng.random() < 0.35
                    classification = _Classifier(
                        rng, leaf_of_type[type_code],
                        tuple(shelves[_pick(rng, audiences)]), tuple(pages[department]),
                    )
                    if has_variants:
                        _add_model(models, products, rng, erp_codes, type_code,
                                   type_words, material, classification)
                        continue
                    for color, color_words in _COLORS:
                        if rng.random() < 0.35:
                            continue
                        products.append(_realistic_product(
                            rng, erp_codes, f"{type_code}_{_slug(material[0])}_{color}",
                            department, type_words, material, color_words,
                            classification(),
                        ))
    return Catalog(
        code="large",
        label="A larger catalog: apparel, accessories, footwear and home",
        locales=(Locale("en_US", "English (United States)"),
                 Locale("fr_FR", "French (France)"),
                 Locale("de_DE", "German (Germany)")),
        attribute_groups=tuple(
            AttributeGroup(code, _labels(words)) for code, words in (
                ("marketing", ("Marketing", "Marketing", "Marketing")),
                ("ecommerce", ("E-commerce", "E-commerce", "E-Commerce")),
                ("media", ("Media", "Médias", "Medien")),
                ("erp", ("ERP", "ERP", "ERP")),
                ("technical", ("Technical", "Technique", "Technisch")),
            )
        ),
        attributes=attributes,
        categories=tuple(categories),
        product_models=tuple(models),
        products=tuple(products),
    )


def _realistic_attributes() -> tuple[Attribute, ...]:
    spec: tuple[tuple[str, str, bool, Words], ...] = (
        ("name", "marketing", True, ("Name", "Nom", "Name")),
        ("description", "marketing", True, ("Description", "Description", "Beschreibung")),
        ("seo_title", "ecommerce", True, ("SEO title", "Titre SEO", "SEO-Titel")),
        ("picture", "media", False, ("Picture", "Image", "Bild")),
        ("erp_code", "erp", False, ("ERP code", "Code ERP", "ERP-Code")),
        ("price", "erp", False, ("Price", "Prix", "Preis")),
        ("weight", "technical", False, ("Weight", "Poids", "Gewicht")),
        ("material", "technical", False, ("Material", "Matière", "Material")),
        ("color", "technical", False, ("Color", "Couleur", "Farbe")),
        ("size", "technical", False, ("Size", "Taille", "Größe")),
    )
    return tuple(
        Attribute(code, group, localizable, _labels(words))
        for code, group, localizable, words in spec
    )


class _Classifier:
    """Draws a product's categories: mostly in Master catalog, often on the web
    shop, sometimes in print, and now and then nowhere (unclassified)."""

    def __init__(
        self, rng: random.Random, master_leaf: str,
        shelves: tuple[str, ...], pages: tuple[str, ...],
    ) -> None:
        self._rng, self._master, self._shelves, self._pages = rng, master_leaf, shelves, pages

    def __call__(self) -> tuple[str, ...]:
        rng = self._rng
        if rng.random() < 0.04:
            return ()
        codes = [self._master] if rng.random() < 0.9 else []
        if rng.random() < 0.7:
            codes.append(_pick(rng, self._shelves))
        if rng.random() < 0.25:
            codes.append(_pick(rng, self._pages))
        return tuple(codes)


def _slug(text: str) -> str:
    return text.replace(" ", "_")


def _mid_sentence(english: str) -> str:
    """"Shirt" → "shirt" inside a name; "T-shirt" keeps its capital."""
    return english if english.startswith("T-") else english[0].lower() + english[1:]


def _name(type_words: Words, material: Words, color: Words) -> Words:
    en_type, fr_type, de_type = type_words
    return (
        f"{color[0].capitalize()} {material[0]} {_mid_sentence(en_type)}",
        f"{fr_type} en {material[1]}, coloris {color[1]}",
        f"{de_type} aus {material[2]}, Farbe {color[2]}",
    )


def _descriptions(name: Words, material: Words) -> Words:
    return (
        f"{name[0]}. Made of {material[0]}, designed to last.",
        f"{name[1]}. En {material[1]}, pensé pour durer.",
        f"{name[2]}. Aus {material[2]}, für lange Freude gemacht.",
    )


def _localized(code: str, words: Sequence[str]) -> tuple[Value, ...]:
    return tuple(Value(code, locale, text) for locale, text in zip(LOCALES, words))


def _realistic_product(
    rng: random.Random,
    erp_codes: Iterator[str],
    identifier: str,
    family: str,
    type_words: Words,
    material: Words,
    color: Words,
    categories: tuple[str, ...],
) -> Product:
    name = _name(type_words, material, color)
    values = (
        _localized("name", name)
        + _localized("description", _descriptions(name, material))
        + (_localized("seo_title", [f"{n} | Shop" for n in name])
           if any(c.startswith("ecommerce") for c in categories) else ())
        + (
            Value("picture", None, f"{identifier}.jpg"),
            Value("erp_code", None, next(erp_codes)),
            Value("price", None, f"{9 + int(rng.random() * 90)}.90"),
            Value("weight", None, f"{0.1 + int(rng.random() * 20) / 10:.1f} kg"),
            Value("material", None, material[0]),
            Value("color", None, color[0]),
        )
    )
    return Product(identifier, None, family, True, categories, values, _labels(name))


def _add_model(
    models: list[ProductModel],
    products: list[Product],
    rng: random.Random,
    erp_codes: Iterator[str],
    type_code: str,
    type_words: Words,
    material: Words,
    classification: _Classifier,
) -> None:
    """A root model (classified), a sub-model per colour, a variant per size."""
    root = f"{type_code}_{_slug(material[0])}"
    en_type, fr_type, de_type = type_words
    generic_name = (
        f"{material[0].capitalize()} {_mid_sentence(en_type)}",
        f"{fr_type} en {material[1]}",
        f"{de_type} aus {material[2]}",
    )
    models.append(ProductModel(
        root, None, "clothing", classification(),
        _localized("description", _descriptions(generic_name, material))
        + (Value("material", None, material[0]),),
    ))
    for color, color_words in _COLORS[: 2 + int(rng.random() * 3)]:
        sub = f"{root}_{color}"
        models.append(ProductModel(sub, root, "clothing", (), (
            Value("color", None, color_words[0]),
            Value("picture", None, f"{sub}.jpg"),
        )))
        name = _name(type_words, material, color_words)
        for size in _SIZES:
            sized = tuple(f"{n} {size}" for n in name)
            products.append(Product(
                f"{sub}_{size.lower()}", sub, "clothing", True, (),
                _localized("name", sized) + (
                    Value("size", None, size),
                    Value("erp_code", None, next(erp_codes)),
                    Value("price", None, f"{19 + int(rng.random() * 60)}.90"),
                ),
                _labels((sized[0], sized[1], sized[2])),
            ))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator.scenarios.synthetic",
        description="Print a generated catalog as JSON (the format of simulator/data).",
    )
    parser.add_argument("--realistic", action="store_true",
                        help="the realistic catalog shipped as 'large'")
    parser.add_argument("--products", type=int, default=1000,
                        help="size of a synthetic catalog (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    from simulator.formats import dump_catalog

    catalog = (realistic_catalog(args.seed) if args.realistic
               else synthetic_catalog(args.products, seed=args.seed))
    sys.stdout.write(dump_catalog(catalog))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
