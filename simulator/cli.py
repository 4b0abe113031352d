"""``python -m simulator``: the permission simulator for support staff and CI.

Every command that takes a scenario accepts a preset id, a scenario JSON file or a
link: the fragment, or the whole URL the page's "Copy link" gives
(``https://…/simulator.html#simulator-erp-owns-master:s1.…``), of any length.

Exit codes, each its own: 0 done (for ``check``, every expectation holds), 1 an
expectation does not hold (``check``), 2 bad input (the message, on stderr, names what
is wrong), 3 an internal error (a bug of the simulator, reported as such). What is
printed is data from files and links: control characters in it are written as escapes
(``\u001b``), so a title cannot clear or redraw the terminal.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Callable, Final, NoReturn, Sequence, TextIO

from simulator import __version__
from simulator.connect import MARKETPLACE
from simulator.formats import CatalogError, FormatError, Importer, anonymise, catalog_to_dict, dump_catalog, load_catalog, loads, quoted
from simulator.model import ARTICLE
from simulator.scenarios import (
    PRESET_IDS,
    Evaluation,
    LinkError,
    RequestResult,
    Scenario,
    ScenarioError,
    answer_to_dict,
    decode_link,
    encode_link,
    evaluate,
    load_scenario,
    preset,
    presets,
    scenario_from_dict,
    schema,
)

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 3

_LINK = re.compile(r"^(?:[^#]*#)?(?:[A-Za-z0-9_-]*:)?s\d+\.")
"""A link: its fragment, maybe after a URL and ``#``, maybe named for one simulator of a
page (``simulator-erp-owns-master:``)."""
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What the terminal must not get raw: control characters but tab and line feed, lone
surrogates, and the line separators and direction overrides that reorder a line."""


class InputError(Exception):
    """Input the command cannot use; the message is shown as is."""


def load_source(source: str) -> Scenario:
    """A preset id, a scenario file or a link, tried in that order."""
    if source in PRESET_IDS:
        return preset(source)
    path = Path(source)
    if _is_file(path):
        try:
            return load_scenario(path)
        except ScenarioError as error:
            raise InputError(f"{source}: {error}") from None
    if _LINK.match(source.strip()):
        try:
            return decode_link(source)
        except LinkError as error:
            raise InputError(f"cannot open the link: {error}") from None
    raise InputError(
        f'{quoted(source)} is neither a preset ({", ".join(PRESET_IDS)}), nor a scenario file, '
        'nor a link (which starts with "s1.")'
    )


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; a name the system cannot take (too long, a NUL
    byte) names none, which is not an error: it may be a link."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


class _Escaped:
    """A text stream that writes what :data:`_UNPRINTABLE` matches as an escape."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_UNPRINTABLE.sub(_escape, text))

    def flush(self) -> None:
        self._stream.flush()


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found[0]):04x}"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; its exit code (see the module's docstring)."""
    stdout: TextIO = _Escaped(out or sys.stdout)  # type: ignore[assignment]
    stderr: TextIO = _Escaped(err or sys.stderr)  # type: ignore[assignment]
    parser = _parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version
        return int(stop.code or 0)
    except _Refused as refused:
        print(f"error: {refused}", file=stderr)
        return EXIT_BAD_INPUT
    command: Callable[[argparse.Namespace, TextIO], int] = arguments.run
    arguments.stderr = stderr
    try:
        return command(arguments, stdout)
    except InputError as error:
        print(f"error: {error}", file=stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        raise
    except Exception as error:  # noqa: BLE001 - a bug: said as one, with its own exit code
        print(f"internal error: {type(error).__name__}: {error} (this is a bug of the simulator)", file=stderr)
        return EXIT_INTERNAL_ERROR


class _Parser(argparse.ArgumentParser):
    """argparse, with a refused command line said as the command's other bad input is:
    one ``error:`` line of bounded length, exit 2 (a scenario such as ``-x`` is taken
    for an option by argparse, and its usage block would hide what was wrong)."""

    def error(self, message: str) -> NoReturn:
        if len(message) > _MAX_USAGE_ERROR:
            message = message[:_MAX_USAGE_ERROR] + "…"
        raise _Refused(f"{message} (see {self.prog} --help)")


class _Refused(Exception):
    """A command line argparse refuses, with its message."""


_MAX_USAGE_ERROR: Final = 300
"""argparse repeats the arguments it refuses: a 5,000-character one is cut."""


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m simulator",
        description=(
            "Answer what an Akeneo-style PIM would answer an App, given its scopes and "
            "permissions. SCENARIO is a preset id (see `presets`), a scenario JSON file "
            "(see docs/scenario-format.md) or a link."
        ),
        epilog="Exit codes: 0 done, 1 an expectation does not hold (check), 2 bad input, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    listing = commands.add_parser("presets", help="list the presets: the article's examples")
    listing.set_defaults(run=_presets)

    apps = commands.add_parser("apps", help="list the marketplace Apps and the scopes they ask")
    apps.set_defaults(run=_apps)

    run = commands.add_parser("evaluate", help="answer every request of a scenario")
    run.add_argument("scenario", metavar="SCENARIO")
    run.add_argument(
        "--json", action="store_true",
        help="print a JSON array, one object per request (method, path, status, effect, "
        "message, explanation, checks, …)",
    )
    _catalog_option(run)
    run.set_defaults(run=_evaluate)

    why = commands.add_parser(
        "explain", help="the checks behind one answer, the deciding layer, the smallest extra grant"
    )
    why.add_argument("scenario", metavar="SCENARIO")
    why.add_argument(
        "request", metavar="REQUEST",
        help='the request: its index (from 0, as in requests[0]) or "METHOD PATH"',
    )
    why.set_defaults(run=_explain)

    check = commands.add_parser(
        "check", help="hold the answers to the scenario's expectations (exit 1 on a mismatch)"
    )
    check.add_argument("scenario", metavar="SCENARIO")
    _catalog_option(check)
    check.set_defaults(run=_check)

    link = commands.add_parser("link", help="print a link fragment that opens the scenario")
    link.add_argument("scenario", metavar="SCENARIO")
    link.set_defaults(run=_link)

    schema_command = commands.add_parser(
        "schema", help="print the JSON Schema of the scenario format, written from the reader's field tables"
    )
    schema_command.set_defaults(run=_schema)
    _import_parser(commands)
    return parser


# Commands.


def _presets(arguments: argparse.Namespace, out: TextIO) -> int:
    width = max(len(preset_id) for preset_id in PRESET_IDS)
    for scenario in presets():
        print(f"{scenario.preset or '':<{width}}  {scenario.title}", file=out)
    return EXIT_OK


def _apps(arguments: argparse.Namespace, out: TextIO) -> int:
    width = max(len(app.id) for app in MARKETPLACE)
    for app in MARKETPLACE:
        scopes = " ".join(app.scopes) or "(no scope)"
        print(f"{app.id:<{width}}  {app.name}: {scopes}", file=out)
    return EXIT_OK


def _evaluate(arguments: argparse.Namespace, out: TextIO) -> int:
    evaluation = evaluate(_scenario_on(arguments.scenario, arguments.catalog))
    if arguments.json:
        answers = [answer_to_dict(result) for result in evaluation.results]
        print(json.dumps(answers, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    _print_header(evaluation, out)
    _print_table(evaluation.results, out)
    return EXIT_OK


def _explain(arguments: argparse.Namespace, out: TextIO) -> int:
    evaluation = evaluate(load_source(arguments.scenario))
    result = _pick(evaluation, arguments.request)
    print(f"requests[{result.index}]: {result.request.label}", file=out)
    found = result.answer
    if found is None:
        print(result.explanation, file=out)
        for note in evaluation.notes:
            print(f"  {note}", file=out)
        return EXIT_OK
    print(f"Answer: {found.status} {found.effect.value}" + (f": {found.message}" if found.message else ""), file=out)
    print("Checks, in the order the PIM makes them:", file=out)
    for number, check in enumerate(found.checks, 1):
        mark = "ok  " if check.passed else "FAIL"
        print(f"  {number}. {mark} [{check.layer.value}] {check.description}", file=out)
        print(f"           see {ARTICLE}#{check.anchor}", file=out)
    print(f"Decided by: {found.decided_by.value}", file=out)
    suggestion = found.smallest_grant
    if suggestion is not None:
        print(f"Smallest extra grant: {suggestion.sentence}", file=out)
    elif not found.allowed:
        print("Smallest extra grant: none; no extra scope or permission would allow it.", file=out)
    return EXIT_OK


def _check(arguments: argparse.Namespace, out: TextIO) -> int:
    evaluation = evaluate(_scenario_on(arguments.scenario, arguments.catalog))
    checked = sum(len(result.assertions) for result in evaluation.results)
    for result in evaluation.results:
        if result.holds:
            continue
        print(f"MISMATCH requests[{result.index}]: {result.request.label}", file=out)
        for assertion in result.assertions:
            if not assertion.holds:
                how = "to contain" if assertion.field == "message" else "to be"
                print(f"  {assertion.field}: expected {how} {_quoted(assertion.expected)}", file=out)
                print(f"  {' ' * len(assertion.field)}  got {_quoted(assertion.actual)}", file=out)
    failed = len(evaluation.failures)
    if failed:
        print(f"{failed} of {checked} expectations do not hold.", file=out)
        return EXIT_MISMATCH
    if not checked:
        print("The scenario has no expectations: nothing to check.", file=out)
    else:
        print(f"All {checked} expectations hold.", file=out)
    return EXIT_OK


def _link(arguments: argparse.Namespace, out: TextIO) -> int:
    print(encode_link(load_source(arguments.scenario)), file=out)
    return EXIT_OK


def _schema(arguments: argparse.Namespace, out: TextIO) -> int:
    out.write(schema_text())
    return EXIT_OK


def schema_text() -> str:
    """The JSON Schema of the scenario format, written from the reader's tables
    (``simulator/schema/scenario.schema.json`` is this text)."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


# Importing a customer's PIM.


def _import_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imports = commands.add_parser(
        "import",
        help="import a customer's PIM (CSV exports, saved REST API responses, catalog or scenario files) into "
        "a catalog file",
        description=(
            "Read any mix of the PIM's CSV exports (categories, attributes, attribute groups, attribute options, "
            "families, channels, locales, product models, products), saved REST API responses (pages of "
            "/api/rest/v1/… with _embedded.items, or JSON lines) and the simulator's own catalog and scenario "
            "files; each file is recognised by its content. What cannot be read is listed with its file, line "
            "and column, and the rest is imported. Nothing is sent anywhere."
        ),
    )
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("-o", "--output", required=True, metavar="CATALOG",
                         help="the catalog file to write (- for standard output)")
    imports.add_argument("--anonymise", "--anonymize", action="store_true",
                         help="replace every code and label with neutral ones (tree_1, category_1_2, product_417), "
                         "keeping the structure, so that the file can be shared")
    imports.add_argument("--strict", action="store_true",
                         help="exit with 2, writing nothing, when anything was left out")
    imports.set_defaults(run=_import)


def _import(arguments: argparse.Namespace, out: TextIO) -> int:
    err: TextIO = arguments.stderr
    importer = Importer()
    for name in arguments.files:
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise InputError(f"cannot read {name}: {error.strerror or error}") from None
        summary = importer.add(name, data)
        if summary.kinds:
            print(f"{name}: {summary.description} ({summary.encoding})", file=err)
    result = importer.result()
    for line in result.report.lines():
        print(line, file=err)
    if not any(summary.kinds for summary in result.files):
        raise InputError("no file could be read: nothing to import")
    if arguments.strict and result.report.errors:
        raise InputError(f"{result.report.errors:,} problems left something out (--strict): nothing written")
    catalog = result.catalog
    if arguments.anonymise:
        catalog, _ = anonymise(catalog)
    text = dump_catalog(catalog)
    if arguments.output == "-":
        out.write(text)
    else:
        try:
            Path(arguments.output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write {arguments.output}: {error.strerror or error}") from None
    counts = result.counts
    print(
        f"{'Wrote ' + arguments.output if arguments.output != '-' else 'Catalog'}: {counts['trees']:,} trees, "
        f"{counts['categories']:,} categories, {counts['locales']:,} locales, {counts['attributes']:,} attributes, "
        f"{counts['product_models']:,} product models, {counts['products']:,} products"
        + (" (anonymised)" if arguments.anonymise else ""),
        file=err,
    )
    return EXIT_OK


def _catalog_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalog", metavar="CATALOG",
                         help="answer on this catalog file (python -m simulator import writes one) instead of "
                         "the scenario's own catalog")


def _scenario_on(source: str, catalog_path: str | None) -> Scenario:
    """The scenario of ``source``, on the catalog of ``catalog_path`` when one is given
    (the scenario's grants then name that catalog's trees, locales and groups)."""
    if catalog_path is None:
        return load_source(source)
    try:
        catalog = load_catalog(catalog_path)
    except CatalogError as error:
        raise InputError(f"{catalog_path}: {error}") from None
    path = Path(source)
    if source not in PRESET_IDS and _is_file(path):
        try:
            data = loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, FormatError):
            return load_source(source)  # its own message says what is wrong with the file
        if not isinstance(data, dict):
            return load_source(source)
    else:
        data = load_source(source).to_dict()
    data.pop("preset", None)
    data["catalog"] = catalog_to_dict(catalog)
    try:
        return scenario_from_dict(data)
    except ScenarioError as error:
        raise InputError(f"{source} on the catalog {catalog_path}: {error}") from None


# Rendering.


def _pick(evaluation: Evaluation, wanted: str) -> RequestResult:
    results = evaluation.results
    if not results:
        raise InputError("the scenario has no requests")
    text = wanted.strip()
    if text.isdigit():
        index = int(text)
        if index >= len(results):
            raise InputError(f"no request {index}: the scenario has requests 0 to {len(results) - 1}")
        return results[index]
    method, _, path = text.partition(" ")
    for result in results:
        if result.request.method == method.upper() and result.request.path == path.strip():
            return result
    listed = "; ".join(f"{r.index}: {r.request.label}" for r in results)
    raise InputError(f'no request "{text}" in the scenario (requests: {listed})')


def _print_header(evaluation: Evaluation, out: TextIO) -> None:
    scenario = evaluation.scenario
    if scenario.title:
        print(scenario.title, file=out)
    print(f"App: {scenario.app.name} ({scenario.app.id}), {scenario.edition.value}", file=out)
    grant = evaluation.grant
    if grant is None:
        print("Not connected.", file=out)
    else:
        print(f"Granted scopes: {' '.join(sorted(grant.scopes)) or '(none)'}", file=out)
    for note in evaluation.notes:
        print(f"Note: {note}", file=out)
    print(file=out)


def _print_table(results: Sequence[RequestResult], out: TextIO) -> None:
    header = ("#", "request", "status", "effect", "decided by", "expect", "message / explanation")
    rows = [header]
    for result in results:
        found = result.answer
        expect = "" if not result.assertions else ("ok" if result.holds else "FAIL")
        rows.append((
            str(result.index),
            result.request.label,
            "-" if found is None else str(found.status),
            "not sent" if found is None else found.effect.value,
            "" if found is None else found.decided_by.value,
            expect,
            (found.message if found is not None and found.message else result.explanation),
        ))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        print("  ".join([*cells, row[-1]]).rstrip(), file=out)


def _quoted(value: int | str) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
