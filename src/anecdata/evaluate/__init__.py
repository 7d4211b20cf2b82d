"""The evaluation harness: gold corpus loaders, span scoring, and named tasks that score a predictor (each
task's module is imported when the task is asked for: ``tasks.TASK_MODULES``)."""

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
    TASK_MODULES,
    EvalResult,
    EvalTask,
    Predictor,
    all_tasks,
    get_task,
    register_task,
    resolve_data_dir,
)

__all__ = [
    "EVAL_TASKS",
    "TASK_MODULES",
    "EvalResult",
    "EvalTask",
    "GoldDocument",
    "GoldSpan",
    "LabelScore",
    "ModeScores",
    "Predictor",
    "all_tasks",
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
