"""``python -m simulator``: the permission simulator for support staff and CI.

Every command that takes a scenario accepts a preset id, a scenario JSON file or a
link (the fragment, or the whole URL). Exit codes: 0 done, 1 an expectation does not
hold (``check``), 2 bad input (the message is on stderr).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence, TextIO

from simulator import __version__
from simulator.connect import MARKETPLACE
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
)

EXIT_OK = 0
EXIT_MISMATCH = 1
EXIT_BAD_INPUT = 2

_LINK = re.compile(r"^(?:.*#)?s\d+\.")


class InputError(Exception):
    """Input the command cannot use; the message is shown as is."""


def load_source(source: str) -> Scenario:
    """A preset id, a scenario file or a link, tried in that order."""
    if source in PRESET_IDS:
        return preset(source)
    path = Path(source)
    if path.is_file():
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
        f'"{source}" is neither a preset ({", ".join(PRESET_IDS)}), nor a scenario file, '
        'nor a link (which starts with "s1.")'
    )


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    stdout = out or sys.stdout
    stderr = err or sys.stderr
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace, TextIO], int] = arguments.run
    try:
        return command(arguments, stdout)
    except InputError as error:
        print(f"error: {error}", file=stderr)
        return EXIT_BAD_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description=(
            "Answer what an Akeneo-style PIM would answer an App, given its scopes and "
            "permissions. SCENARIO is a preset id (see `presets`), a scenario JSON file "
            "(see docs/scenario-format.md) or a link."
        ),
        epilog="Exit codes: 0 done, 1 an expectation does not hold (check), 2 bad input.",
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
    check.set_defaults(run=_check)

    link = commands.add_parser("link", help="print a link fragment that opens the scenario")
    link.add_argument("scenario", metavar="SCENARIO")
    link.set_defaults(run=_link)

    schema = commands.add_parser("schema", help="print the JSON Schema of the scenario format")
    schema.set_defaults(run=_schema)
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
    evaluation = evaluate(load_source(arguments.scenario))
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
    evaluation = evaluate(load_source(arguments.scenario))
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
    text = resources.files("simulator").joinpath("schema/scenario.schema.json").read_text("utf-8")
    out.write(text)
    return EXIT_OK


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
