"""The one validator of practices: files on disk, and field mappings from the web or API."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.content import frontmatter
from catalogue.content.fields import N_, RULES, RULES_BY_NAME, Context, FieldError, FieldErrors
from catalogue.content.markdown import markdown_problems
from catalogue.content.model import SLUG_MAX_LENGTH, SLUG_PATTERN, Practice, Problem, Version
from catalogue.content.suggest import did_you_mean
from catalogue.media import rules as media_rules


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field (``None`` for the practice as a whole).

    ``message`` is English; ``template`` and ``params`` let an interface translate it.
    """

    field: str | None
    message: str
    template: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, field: str | None, template: str, **params: Any) -> FieldProblem:
        """A problem from a message template and its values."""
        return cls(field, template % params, template, params)


@dataclass(frozen=True)
class FileName:
    """What a practice file's name says: its slug and, for a translation, its language."""

    slug: str
    translation: str | None

    @property
    def is_translation(self) -> bool:
        """True for ``<slug>.<lang>.md``."""
        return self.translation is not None


def parse_file_name(path: Path) -> FileName:
    """Read slug and language from ``<slug>.md`` or ``<slug>.<lang>.md``."""
    stem = path.name.removesuffix(".md")
    slug, _, lang = stem.partition(".")
    if "." in lang or (lang and not (len(lang) == 2 and lang.isalpha() and lang.islower())):
        raise FieldError(
            f"file name '{path.name}' must be <slug>.md or <slug>.<lang>.md, "
            "where <lang> is a two-letter code such as 'en'"
        )
    check_slug(slug)
    return FileName(slug=slug, translation=lang or None)


def check_slug(slug: str) -> str:
    """Raise FieldError unless ``slug`` is a valid practice slug."""
    if len(slug) > SLUG_MAX_LENGTH:
        raise FieldError(f"slug '{slug}' has {len(slug)} characters; at most {SLUG_MAX_LENGTH}")
    if not SLUG_PATTERN.match(slug):
        raise FieldError(
            f"slug '{slug}' may only use lower-case letters a-z, digits and single hyphens "
            "between words, e.g. 'riga-welcome-desk'"
        )
    return slug


def check_fields(
    data: Mapping[str, Any], context: Context, *, translation: bool = False
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Check every field of ``data``; return the normalised values and all problems."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    allowed = [rule.name for rule in RULES if rule.in_translation or not translation]
    for name, raw in data.items():
        rule = RULES_BY_NAME.get(name)
        if rule is None:
            hint = did_you_mean(name, allowed)
            problems.append(
                FieldProblem.of(name, N_("unknown field '%(name)s'%(hint)s"), name=name, hint=hint)
            )
        elif translation and not rule.in_translation:
            problems.append(
                FieldProblem.of(
                    name,
                    N_(
                        "field '%(name)s' belongs to the original practice, not to a "
                        "translation; remove it here (a translation may only set title, "
                        "summary, lang, tags, updated, draft and image_alts)"
                    ),
                    name=name,
                )
            )
        elif not translation and not rule.in_original:
            problems.append(
                FieldProblem.of(
                    name,
                    N_("field '%(name)s' belongs to a translation; remove it from the original"),
                    name=name,
                )
            )
        else:
            try:
                values[name] = rule.check(name, raw, context)
            except FieldErrors as errors:
                problems += [
                    FieldProblem(name, str(e), e.template, e.params) for e in errors.errors
                ]
            except FieldError as error:
                problems.append(FieldProblem(name, str(error), error.template, error.params))
    for rule in RULES:
        needed = rule.required_in_translation if translation else rule.required
        if needed and rule.name not in data:
            problems.append(
                FieldProblem.of(
                    rule.name, N_("required field '%(name)s' is missing"), name=rule.name
                )
            )
    problems.extend(_check_years(values))
    return values, problems


def _check_years(values: Mapping[str, Any]) -> list[FieldProblem]:
    started, ended = values.get("year_started"), values.get("year_ended")
    if started is not None and ended is not None and started > ended:
        template = N_("year_ended %(ended)d is before year_started %(started)d")
        return [FieldProblem.of("year_ended", template, ended=ended, started=started)]
    return []


def build_practice(slug: str, values: Mapping[str, Any], body: str) -> Practice:
    """Make a Practice from values that passed ``check_fields``."""
    facts = {key: value for key, value in values.items() if key not in _VERSION_FIELDS}
    return Practice(slug=slug, original=build_version(values, body), **facts)


def build_version(values: Mapping[str, Any], body: str) -> Version:
    """Make a Version (the text in one language) from checked values."""
    return Version(
        lang=values["lang"],
        title=values["title"],
        summary=values["summary"],
        body=body,
        tags=values.get("tags", ()),
        updated=values.get("updated"),
        draft=values.get("draft", False),
        image_alts=values.get("image_alts", ()),
    )


_VERSION_FIELDS = frozenset({"lang", "title", "summary", "tags", "updated", "image_alts"})


@dataclass
class FileResult:
    """A practice file after reading: a Practice or a translation Version, or problems."""

    path: Path
    name: FileName | None
    practice: Practice | None = None
    version: Version | None = None
    problems: list[Problem] = field(default_factory=list)
    #: The line of each front-matter key (empty when the file could not be parsed).
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the file has no problem."""
        return not self.problems


def read_practice_file(path: Path, context: Context, raw: bytes | None = None) -> FileResult:
    """Read and validate one practice file, collecting all its problems."""
    try:
        name = parse_file_name(path)
    except FieldError as error:
        return FileResult(path, None, problems=[Problem(path, 1, str(error))])
    result = FileResult(path, name)
    try:
        if raw is None:
            raw = path.read_bytes()
        text = frontmatter.decode(raw)
        parsed = frontmatter.parse(text)
    except OSError as error:
        result.problems.append(Problem(path, 1, f"cannot read file: {error.strerror}"))
        return result
    except frontmatter.FrontMatterError as error:
        result.problems.append(Problem(path, error.line, error.message))
        return result
    result.lines = parsed.lines
    if context.files is None and any(key in parsed.data for key in media_rules.MEDIA_FIELDS):
        context = dataclasses.replace(context, files=media_rules.FolderFiles.beside(path))
    values, field_problems = check_fields(parsed.data, context, translation=name.is_translation)
    entry_lines: dict[tuple[str, int, str], int] | None = None
    for problem in field_problems:
        line = parsed.lines.get(problem.field, 1) if problem.field else 1
        if problem.field in media_rules.MEDIA_FIELDS and "entry" in problem.params:
            entry_lines = media_rules.entry_lines(text) if entry_lines is None else entry_lines
            line = media_rules.problem_line(entry_lines, problem.field, problem.params) or line
        result.problems.append(Problem(path, line, problem.message, problem.field))
    if name.translation and "lang" in values and values["lang"] != name.translation:
        message = (
            f"lang '{values['lang']}' differs from the file name's language "
            f"'{name.translation}'; rename the file or correct lang"
        )
        result.problems.append(Problem(path, parsed.lines["lang"], message, "lang"))
    for body_problem in markdown_problems(parsed.body):
        line = parsed.body_line + body_problem.line - 1
        message = (
            f"the body nests lists, quotes or HTML elements more than "
            f"{body_problem.params['limit']} levels deep here; flatten it"
        )
        result.problems.append(Problem(path, line, message, "body"))
    if result.problems:
        return result
    if name.translation:
        result.version = build_version(values, parsed.body)
    else:
        result.practice = build_practice(name.slug, values, parsed.body)
    return result
