"""The commands of ``zopa``: the table the root group reads to list and to find them.

Each row is a command's name, the module of :mod:`zopa.cli` that defines it, and the first
paragraph of its help. ``zopa --help`` lists the commands from this table, and ``zopa NAME``
imports only NAME's module, so that a command starts without importing (and building) all the
others. ``tests/cli/test_startup.py`` keeps the table equal to what the modules register.
"""

from __future__ import annotations

COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("scenarios", "core", "List the bundled scenarios."),
    (
        "show",
        "core",
        "Show a scenario: issues, parties with their weights and red lines, ratifiers, table "
        "variants and time, proposals.",
    ),
    (
        "check",
        "core",
        "Validate a scenario file: a summary and exit 0, or every problem and exit 2.",
    ),
    (
        "schema",
        "core",
        "Print the JSON Schema of the scenario language (with zopa_version and schema_version, "
        "like every JSON output).",
    ),
    (
        "diagnose",
        "core",
        "What each party gets from a proposal, whether it would sign, and why not.",
    ),
    (
        "outlook",
        "outlook",
        "The probability of a deal among the signatories, the likely settlement, and what it "
        "hinges on.",
    ),
    (
        "report",
        "report",
        "A brief to hand to a decision-maker: the bottom line, who signs and why, the counter "
        "to make, the odds of a deal and the likely settlement; one self-contained HTML file or"
        " PDF (with --json, the brief's data is printed too).",
    ),
    (
        "analyze",
        "analyze",
        "The main analysis: the outlook first, then diagnosis, agreement space, counters, "
        "forecast and simulation.",
    ),
    (
        "frontier",
        "frontier",
        "The ZOPA (deals every signatory prefers to walking away) and the Pareto frontier.",
    ),
    (
        "solutions",
        "frontier",
        "Nash, Kalai-Smorodinsky, egalitarian, utilitarian, ... deals, and the closest Pareto "
        "improvement of each tabled proposal.",
    ),
    (
        "counter",
        "counter",
        "Counter-proposals to a rejected proposal: few changes, every party required accepts.",
    ),
    (
        "what-it-takes",
        "counter",
        "The minimal sets of changes that make a party accept a proposal.",
    ),
    (
        "tradeoff",
        "counter",
        "How much one party gives up for the other to gain, around a proposal.",
    ),
    (
        "negotiate",
        "negotiate",
        "Simulate one negotiation between the signatories and show its trace and outcome.",
    ),
    (
        "tournament",
        "negotiate",
        "Play strategies against each other on scenarios, with role swaps and repetitions.",
    ),
    ("strategies", "negotiate", "List the negotiation strategies and protocols."),
    ("forecast", "forecast", "Forecast every issue with every model, with Monte Carlo intervals."),
    (
        "backtest",
        "forecast",
        "Score models on resolved cases: MAE, per-case errors, comparison with the compromise.",
    ),
    ("forecast-models", "forecast", "List the forecast models, their sources and options."),
    (
        "kernels",
        "forecast",
        "The compiled kernels: which are built and used (the numpy code runs where one is not; "
        "ZOPA_COMPILED=0 turns them off); the answers are the same either way.",
    ),
    (
        "sensitivity",
        "sensitivity",
        "Which actors' judgements move the forecast: tornado and Sobol indices.",
    ),
    (
        "power",
        "ratify",
        "Shapley-Shubik and Banzhaf voting power of the members of weighted voting bodies.",
    ),
    (
        "winset",
        "ratify",
        "Each party's win-set (the packages its ratifiers would pass) and the ZOPA with and "
        "without ratification.",
    ),
    (
        "deadline",
        "ratify",
        "How acceptance of a proposal and the ZOPA change as the deadline approaches (with "
        "--ratified, the ZOPA counts only packages every signatory's ratifiers pass).",
    ),
    (
        "compare",
        "compare",
        "Side by side: the agreement space and the forecasts under each table variant.",
    ),
    (
        "coalitions",
        "compare",
        "Which subsets of the signatories could agree among themselves, and which deals each "
        "subset would block.",
    ),
    (
        "audit",
        "audit",
        "Provenance: every number with its evidence; unsourced numbers; evidence dated after "
        "the scenario's as_of; the share of judgements against sourced facts; the judgements "
        "the outlook hinges on.",
    ),
    ("serve", "serve", "Start the workbench: the proposal desk at / and the JSON API under /api."),
    (
        "import",
        "io",
        "Import negotiation domains from other tools (GENIUS, NegoLog) as zopa scenarios.",
    ),
    ("runs", "runs", "Recorded runs: list, show, compare, export, remove and resume them."),
)
"""(name, module, summary) of each command and command group, in the order of ``zopa --help``."""
