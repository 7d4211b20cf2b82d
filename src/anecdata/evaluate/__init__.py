"""The evaluation harness: gold corpus loaders, span scoring, and named tasks that score a predictor."""

from anecdata.evaluate import claim_types as _claim_types  # noqa: F401  (registers the task)
from anecdata.evaluate import context as _context  # noqa: F401  (registers the task)
from anecdata.evaluate import evidence as _evidence  # noqa: F401  (registers the task)
from anecdata.evaluate import experiences as _experiences  # noqa: F401  (registers the task)
from anecdata.evaluate import mentions as _mentions  # noqa: F401  (registers the task)
from anecdata.evaluate import outcomes as _outcomes  # noqa: F401  (registers the task)
from anecdata.evaluate import pii as _pii  # noqa: F401  (registers the tasks)
from anecdata.evaluate import pii_reddit as _pii_reddit  # noqa: F401  (registers the task)
from anecdata.evaluate import statements as _statements  # noqa: F401  (registers the task)
from anecdata.evaluate.formats import (
    GoldDocument,
    GoldSpan,
    load_brat,
    load_brat_folder,
    load_conll,
    load_redhot_jsonl,
)
from anecdata.evaluate.spans import LabelScore, ModeScores, match_spans, score_all_modes, score_spans
from anecdata.evaluate.tasks import (
    EVAL_TASKS,
    EvalResult,
    EvalTask,
    Predictor,
    get_task,
    register_task,
    resolve_data_dir,
)

__all__ = [
    "EVAL_TASKS",
    "EvalResult",
    "EvalTask",
    "GoldDocument",
    "GoldSpan",
    "LabelScore",
    "ModeScores",
    "Predictor",
    "get_task",
    "load_brat",
    "load_brat_folder",
    "load_conll",
    "load_redhot_jsonl",
    "match_spans",
    "register_task",
    "resolve_data_dir",
    "score_all_modes",
    "score_spans",
]
