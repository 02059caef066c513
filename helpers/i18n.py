"""The language a student reads while running the code: English (the default) or Korean.

`setup_notebook(..., language="ko")` calls `set_language("ko")`; from then on `tr(text, **fields)`
returns the Korean version of an English message from the catalogue shipped inside the package
(helpers/translations/ko_messages.yml), with `{field}` placeholders filled in. English text is
the key, so a message reads the same in the code as in an English notebook. A message that has
no Korean entry is shown in English; tests/helpers/test_i18n.py fails when a `tr("...")` call in
the package has no entry, or its entry's placeholders differ.
"""

from __future__ import annotations

from helpers import validation

import functools
import string
from importlib import resources

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
_state = {"language": DEFAULT_LANGUAGE}


def set_language(language: str) -> str:
    """Choose the language of messages, reports and widget labels: "en" or "ko"."""
    validation.one_of("language", language, LANGUAGES)
    _state["language"] = language
    return language


def current_language() -> str:
    """The language chosen by the last setup_notebook (or set_language) call; "en" before any."""
    return _state["language"]


@functools.cache
def catalogue(language: str) -> dict[str, str]:
    """English message -> its translation, for one language ("en" has none: the key is the text)."""
    validation.one_of("language", language, LANGUAGES)
    if language == DEFAULT_LANGUAGE:
        return {}
    import yaml

    text = resources.files("helpers").joinpath("translations", f"{language}_messages.yml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text) or {}
    if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise ValueError(f"helpers/translations/{language}_messages.yml must map English text to translated text")
    return entries


def placeholders(template: str) -> set[str]:
    """The `{field}` names a message template fills in."""
    validation.text("template", template)
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def tr(english: str, /, **fields) -> str:
    """The message in the current language, with its {fields} filled in (str.format rules)."""
    validation.text("english", english)
    template = catalogue(current_language()).get(english, english)
    return template.format(**fields) if fields else template
