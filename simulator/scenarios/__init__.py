"""Scenarios: the versioned format, the shipped presets, the link codec, synthetic
catalogs, the wizard played as a scenario says, and the runner that answers its requests.

What other wings may use is listed in ``__all__``; the modules inside import one
another directly."""

from simulator.scenarios.anonymise import anonymise_scenario
from simulator.scenarios.links import (
    MAX_INLINE_PRODUCTS,
    MAX_LINK_LENGTH,
    MAX_PAYLOAD_BYTES,
    LinkError,
    decode_link,
    encode_link,
)
from simulator.scenarios.wizard_play import Play, play
from simulator.scenarios.presets import PRESET_IDS, preset, presets
from simulator.scenarios.runner import (
    NOT_SENT,
    Cell,
    Evaluation,
    Matrix,
    RequestResult,
    RequestTemplate,
    answer_to_dict,
    default_templates,
    evaluate,
    matrix,
)
from simulator.scenarios.scenario import (
    METHODS,
    SCENARIO,
    SCENARIO_VALUE,
    Expectation,
    JsonValue,
    Scenario,
    ScenarioError,
    ScenarioRequest,
    default_scopes,
    load_scenario,
    scenario_from_dict,
    schema,
    scenario_from_json,
)
from simulator.scenarios.synthetic import realistic_catalog, synthetic_catalog

__all__ = [
    "anonymise_scenario",
    "answer_to_dict",
    "Cell",
    "decode_link",
    "default_scopes",
    "default_templates",
    "encode_link",
    "evaluate",
    "Evaluation",
    "Expectation",
    "JsonValue",
    "LinkError",
    "load_scenario",
    "Matrix",
    "matrix",
    "MAX_INLINE_PRODUCTS",
    "MAX_LINK_LENGTH",
    "MAX_PAYLOAD_BYTES",
    "METHODS",
    "NOT_SENT",
    "play",
    "Play",
    "preset",
    "PRESET_IDS",
    "presets",
    "realistic_catalog",
    "RequestResult",
    "RequestTemplate",
    "Scenario",
    "SCENARIO",
    "SCENARIO_VALUE",
    "scenario_from_dict",
    "scenario_from_json",
    "ScenarioError",
    "ScenarioRequest",
    "schema",
    "synthetic_catalog",
]
