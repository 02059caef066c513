"""helpers.i18n: the language setup_notebook chooses, and the Korean message catalogue."""

from helpers import environment, i18n
from helpers.environment import setup_notebook
from helpers.exercises import EXERCISES
from helpers.lessons.nb03_residual_block import VARIANTS
from helpers.models.scalar import SCALAR_FUNCTIONS

import ast
import re

import pytest
from repo import ROOT


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def tr_calls() -> list[tuple[str, str, set[str]]]:
    """(file, English text, keyword names) of every tr("...") call in the package."""
    calls = []
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
                    calls.append((str(path.relative_to(ROOT)), node.args[0].value, {k.arg for k in node.keywords}))
    return calls


def exercise_texts() -> list[tuple[str, str]]:
    """(where, English text) of what registry.feedback and number_judge pass through tr() at run time:
    every exercise's hint and explanation, and number_judge's messages for known wrong answers."""
    texts = []
    for key, ex in EXERCISES.items():
        texts += [(f"exercise {key} hint", ex.hint), (f"exercise {key} explanation", ex.explanation)]
        texts += [(f"exercise {key} answer {known!r}", text) for known, text in getattr(ex.judge, "known_mistakes", {}).items()]
    return texts


def option_labels() -> list[str]:
    """Dropdown labels that widgets show through tr(name) while their values stay the English names."""
    return [*SCALAR_FUNCTIONS, *VARIANTS]


HANGUL = re.compile("[가-힣]")


def test_the_package_translates_its_report():
    assert any(where == "helpers/environment.py" for where, _, _ in tr_calls())


def test_every_message_has_a_korean_entry_with_the_same_placeholders():
    korean = i18n.catalogue("ko")
    for where, english, keywords in tr_calls():
        assert english in korean, f"{where}: tr({english!r}) has no entry in helpers/translations/ko_messages.yml"
        assert i18n.placeholders(english) == keywords, f"{where}: tr({english!r}) is called with {sorted(keywords)}"
        assert i18n.placeholders(korean[english]) == i18n.placeholders(english), f"the Korean for {english!r} changes its fields"


def test_every_exercise_text_and_option_label_has_a_korean_entry():
    korean = i18n.catalogue("ko")
    texts = exercise_texts()
    assert len(texts) > 2 * len(EXERCISES)  # hints, explanations and the known mistakes
    for where, english in texts:
        assert english in korean, f"{where}: {english!r} has no entry in helpers/translations/ko_messages.yml"
        assert HANGUL.search(korean[english]), f"{where}: the Korean for {english!r} is not Korean"
    for label in option_labels():
        assert label in korean, f"the option label {label!r} has no entry in helpers/translations/ko_messages.yml"


def test_judges_return_their_messages_through_tr():
    """A judge that returns a bare string or f-string would show English in a Korean notebook."""
    for path in sorted((ROOT / "helpers" / "exercises").glob("*.py")):
        if path.name in ("report.py", "__main__.py", "__init__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Return) or node.value is None:
                continue
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
            for value in values:
                bare = isinstance(value, ast.JoinedStr) or (isinstance(value, ast.Constant) and isinstance(value.value, str))
                assert not bare, f"{path.name}:{node.lineno} returns {ast.unparse(value)[:60]} without tr()"


def test_no_unused_korean_entries():
    used = {english for _, english, _ in tr_calls()} | {c.name for c in environment.check_environment()}
    used |= {english for _, english in exercise_texts()} | set(option_labels())
    unused = set(i18n.catalogue("ko")) - used
    assert not unused, f"entries no tr() call uses: {sorted(unused)}"


def test_tr_follows_the_language_and_fills_fields():
    message = "precision policy: {policy} | random seed: {seed}"
    assert i18n.tr(message, policy="float32", seed=3) == "precision policy: float32 | random seed: 3"
    i18n.set_language("ko")
    assert i18n.current_language() == "ko"
    assert i18n.tr(message, policy="float32", seed=3) == "정밀도 정책: float32 | 난수 시드: 3"
    assert i18n.tr("a message nobody translated") == "a message nobody translated"


@pytest.mark.parametrize(
    "language, error", [("fr", ValueError), ("KO", ValueError), ("", ValueError), (None, TypeError), (1, TypeError)]
)
def test_a_bad_language_names_the_argument(language, error):
    with pytest.raises(error, match=r"^language must be one of \('en', 'ko'\)"):
        i18n.set_language(language)
    with pytest.raises(error, match=r"^language must be one of \('en', 'ko'\)"):
        setup_notebook(language=language, verbose=False)
    assert i18n.current_language() == "en"


def test_setup_notebook_reports_in_korean_and_each_notebook_chooses_again(capsys):
    setup_notebook(seed=3, language="ko")
    printed = capsys.readouterr().out
    assert i18n.current_language() == "ko"
    for words in ("TensorFlow 2.21", "CPU 코어:", "혼합 bfloat16:", "정밀도 정책: float32 | 난수 시드: 3"):
        assert words in printed, printed
    assert "CPU cores" not in printed and "random seed" not in printed
    setup_notebook(seed=3)
    assert i18n.current_language() == "en" and "random seed: 3" in capsys.readouterr().out


def test_environment_checks_read_in_korean():
    i18n.set_language("ko")
    text = environment.format_checks(environment.check_environment())
    assert "오프라인 데이터" in text and "Keras 학습 한 단계" in text and "offline data" not in text
    assert "1,797" in text


def test_the_catalogue_ships_inside_the_package():
    assert (ROOT / "helpers" / "translations" / "ko_messages.yml").exists()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'helpers = ["translations/*.yml"]' in pyproject
