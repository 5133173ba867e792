"""Reading survey exports, and the survey specification that says what each column is.

Public facade: the code lives in :mod:`optamstats.survey` — the spec model in
``optamstats.survey.question`` and ``optamstats.survey.spec``, its loader in
``optamstats.survey.loader``, the export readers in ``optamstats.survey.readers``
(encodings, CSV text and workbooks beside it), answer coding in
``optamstats.survey.coding`` and the errors in ``optamstats.survey.errors``.

* :func:`read_responses` reads the CSV file a survey tool exports (Google Forms in
  English or French, Microsoft Forms, any survey CSV), or a workbook's first sheet,
  keeping every cell as text exactly as written; a broken file raises
  :class:`ResponseFileError` naming the file, the line and what is wrong.
* :func:`load_spec` reads a survey specification (TOML, see ``docs/spec.md``) into a
  frozen :class:`SurveySpec`. Nothing about any one survey is written in code: a survey
  is a specification.
"""

from optamstats.survey.coding import BoolArray as BoolArray
from optamstats.survey.coding import Coded as Coded
from optamstats.survey.coding import coder as coder
from optamstats.survey.coding import is_blank as is_blank
from optamstats.survey.coding import matches as matches
from optamstats.survey.declarations import DECLARED_TABLES as DECLARED_TABLES
from optamstats.survey.encodings import Buffer as Buffer
from optamstats.survey.errors import ResponseFileError, SpecError, UnknownColumnError
from optamstats.survey.errors import closest as closest
from optamstats.survey.errors import unknown_column as unknown_column
from optamstats.survey.loader import load_spec
from optamstats.survey.question import (
    LANGS,
    PERCENT_OF,
    QUESTION_TYPES,
    ROLES,
    STEP_KINDS,
    AllOf,
    AnyOf,
    Condition,
    Label,
    NotOf,
    Question,
    SkipRule,
)
from optamstats.survey.readers import ExportFormat, read_responses
from optamstats.survey.spec import CohortStep, SurveySpec
from optamstats.survey.timestamps import TimestampError as TimestampError
from optamstats.survey.timestamps import parse_timestamps as parse_timestamps

__all__ = [
    "LANGS",
    "PERCENT_OF",
    "QUESTION_TYPES",
    "ROLES",
    "STEP_KINDS",
    "AllOf",
    "AnyOf",
    "CohortStep",
    "Condition",
    "ExportFormat",
    "Label",
    "NotOf",
    "Question",
    "ResponseFileError",
    "SkipRule",
    "SpecError",
    "SurveySpec",
    "UnknownColumnError",
    "load_spec",
    "read_responses",
]
