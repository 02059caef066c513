"""The Korean edition (notebooks/ko) is exactly what tools/translate.py builds from the English
notebooks and translations/ko/, every English markdown cell is translated from its current text
(the hash), and the glossary's terms are used the same way everywhere."""

import copy
import json
import re
import sys

import pytest
import yaml
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import course_map  # noqa: E402
import translate  # noqa: E402

ENGLISH = translate.english_notebooks()
NAMES = [p.name for p in ENGLISH]
FIX = "fix translations/ko/ (see tools/translate.py's docstring), then run `make translations`"
GLOSSARY = yaml.safe_load((translate.TRANSLATIONS / "glossary.yml").read_text(encoding="utf-8"))
TERMS = GLOSSARY["terms"]
EXCEPTIONS = {(e["notebook"], e["cell"], e["term"]) for e in GLOSSARY.get("exceptions") or []}
# The Korean template's fixed words (CONTRIBUTING.md's template, in Korean).
TEMPLATE = {"**Learning goals**": "**학습 목표**", "**Time needed:**": "**필요한 시간:**", "**Prerequisites:**": "**선수 지식:**"}
HEADINGS = {"## Setup": "## 설정", "## Exercises": "## 연습 문제", "## Exercise": "## 연습 문제", "## Summary": "## 정리"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell) -> str:
    return translate.text(cell["source"])


def korean_cells(name):
    """(English cell, Korean cell) of one notebook, in order."""
    return list(zip(load(translate.NOTEBOOK_DIR / name)["cells"], load(translate.KO_DIR / name)["cells"]))


@pytest.fixture(scope="module")
def entries():
    return translate.course_entries()


@pytest.mark.parametrize("path", ENGLISH, ids=NAMES)
def test_each_korean_notebook_is_what_make_translations_builds(path, entries):
    try:
        built = translate.build(path, translate.load_yaml(translate.translation_path(path)), entries)
    except translate.TranslationError as error:
        pytest.fail(f"{error}\n{FIX}")
    korean = translate.KO_DIR / path.name
    assert korean.exists(), f"notebooks/ko/{path.name} is missing: run `make translations`"
    assert korean.read_text(encoding="utf-8") == built, f"notebooks/ko/{path.name} differs from what `make translations` builds"


def test_the_korean_edition_has_exactly_the_english_notebooks():
    assert sorted(p.name for p in translate.KO_DIR.glob("*.ipynb")) == NAMES
    assert sorted(p.stem for p in translate.TRANSLATIONS.glob("0*.yml")) == [p.stem for p in ENGLISH]


def test_the_check_command_passes():
    assert translate.main(["--check"]) == 0, FIX


@pytest.mark.parametrize("name", NAMES)
def test_code_and_metadata_are_the_english_ones_but_the_language(name):
    english, korean = load(translate.NOTEBOOK_DIR / name), load(translate.KO_DIR / name)
    assert korean["metadata"] == english["metadata"]
    setups = 0
    for en, ko in korean_cells(name):
        assert (ko["id"], ko["cell_type"], ko["metadata"]) == (en["id"], en["cell_type"], en["metadata"])
        if en["cell_type"] == "code":
            if source(ko) != source(en):
                setups += 1
                assert source(ko) == translate.add_language(source(en)) and 'language="ko"' in source(ko)
        else:
            assert source(ko) != source(en), f"cell {en['id']} is not translated"
    assert setups == 1, "only the setup cell differs, by its language argument"


@pytest.mark.parametrize("name", NAMES)
def test_each_translation_records_the_english_text_it_was_made_from(name):
    cells = translate.load_yaml(translate.TRANSLATIONS / name.replace(".ipynb", ".yml"))["cells"]
    for cell_id, entry in cells.items():
        assert entry["hash"] == translate.english_hash(entry["en"]), f"{name} cell {cell_id}: hash and en disagree"


def test_a_changed_english_cell_names_the_stale_korean_cell(tmp_path, monkeypatch, capsys):
    """The English notebooks copied to tmp_path, one markdown cell changed: the check names that cell."""
    for path in ENGLISH:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    name = "01_skip_connection.ipynb"
    nb = load(tmp_path / name)
    cell = [c for c in nb["cells"] if c["cell_type"] == "markdown"][3]
    cell["source"] = source(cell) + "\n\nA sentence added to the English text."
    (tmp_path / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    monkeypatch.setattr(translate, "NOTEBOOK_DIR", tmp_path)
    with pytest.raises(translate.TranslationError) as error:
        translate.expected()
    assert error.value.problems == [
        f"{name} (translations/ko/01_skip_connection.yml): cell {cell['id']} is stale: its English text changed since it was translated"
    ]
    assert translate.main(["--check"]) == 1
    assert f"cell {cell['id']} is stale" in capsys.readouterr().err


def test_a_missing_or_orphaned_translation_is_named(entries):
    name = "00_start_here.ipynb"
    english = translate.NOTEBOOK_DIR / name
    translation = translate.load_yaml(translate.translation_path(english))
    first = next(iter(translation["cells"]))
    broken = copy.deepcopy(translation)
    del broken["cells"][first]
    broken["cells"]["deadbeef"] = {"hash": "0" * 12, "en": "x", "ko": "엑스"}
    with pytest.raises(translate.TranslationError) as error:
        translate.build(english, broken, entries)
    text = str(error.value)
    assert (
        f"cell {first} is not translated" in text and "cell deadbeef is translated but the English notebook has no such" in text
    )


def test_a_changed_course_map_entry_is_named(tmp_path, monkeypatch):
    changed = tmp_path / "course.toml"
    changed.write_text(course_map.COURSE.read_text(encoding="utf-8").replace('title = "Building blocks"', 'title = "Blocks"', 1))
    monkeypatch.setattr(course_map, "COURSE", changed)
    with pytest.raises(translate.TranslationError, match=r"course.yml: 02_building_blocks.ipynb: stale"):
        translate.course_entries()


def test_the_stale_report_shows_what_changed(tmp_path, monkeypatch):
    name = "01_skip_connection.ipynb"
    (tmp_path / "ko").mkdir()
    nb = load(translate.NOTEBOOK_DIR / name)
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    cell["source"] = source(cell).replace("#", "# (changed)", 1)
    (tmp_path / name).write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setattr(translate, "NOTEBOOK_DIR", tmp_path)
    report = translate.stale_report()
    assert f"== {name} cell {cell['id']}: new hash {translate.english_hash(source(cell))}" in report
    assert "+# (changed)" in report


@pytest.mark.parametrize(
    "code, expected",
    [
        ("env = helpers.setup_notebook(seed=0)", 'env = helpers.setup_notebook(seed=0, language="ko")'),
        ("env = helpers.setup_notebook()", 'env = helpers.setup_notebook(language="ko")'),
        (
            'import helpers\nenv = helpers.setup_notebook(seed=0, precision="auto")  # (f(x)) 한\nplan = f(1)',
            'import helpers\nenv = helpers.setup_notebook(seed=0, precision="auto", language="ko")  # (f(x)) 한\nplan = f(1)',
        ),
        (
            's = "한국어"; env = helpers.setup_notebook(seed=int("1"))',
            's = "한국어"; env = helpers.setup_notebook(seed=int("1"), language="ko")',
        ),
    ],
)
def test_the_setup_cell_gains_the_language_argument(code, expected):
    assert translate.add_language(code) == expected


@pytest.mark.parametrize(
    "code, message",
    [
        ("import helpers", "once; found 0"),
        ("helpers.setup_notebook()\nhelpers.setup_notebook()", "once; found 2"),
        ('helpers.setup_notebook(language="en")', "already passes language="),
    ],
)
def test_a_setup_cell_that_cannot_be_changed_is_refused(code, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        translate.add_language(code)


def test_links_to_notebooks_stay_and_other_links_go_up_a_folder():
    text = "[a](01_skip_connection.ipynb), [b](02_building_blocks.ipynb#x), [c](../docs/X.md), [d](benchmarks/s.py), [e](https://x.org/a)"
    assert translate.relink(text) == (
        "[a](01_skip_connection.ipynb), [b](02_building_blocks.ipynb#x), [c](../../docs/X.md), [d](../benchmarks/s.py), [e](https://x.org/a)"
    )


@pytest.mark.parametrize("name", NAMES)
def test_korean_links_resolve(name):
    for _, ko in korean_cells(name):
        if ko["cell_type"] == "markdown":
            for target in re.findall(r"\]\(([^)#\s]+)\)", source(ko)):
                if not re.match(r"https?://", target):
                    assert (translate.KO_DIR / target).exists(), f"notebooks/ko/{name} links to missing {target}"


@pytest.mark.parametrize("name", NAMES)
def test_korean_notebooks_follow_the_template(name, entries):
    cells = load(translate.KO_DIR / name)["cells"]
    entry = next(e for e in entries if e["file"] == name)
    intro = source(cells[0])
    assert intro.startswith(f"# {entry['number']} · {entry['title']}"), "the title is translations/ko/course.yml's"
    for part in TEMPLATE.values():
        assert part in intro, part
    headings = [line for c in cells if c["cell_type"] == "markdown" for line in source(c).splitlines() if line.startswith("## ")]
    english = [
        line
        for c in load(translate.NOTEBOOK_DIR / name)["cells"]
        if c["cell_type"] == "markdown"
        for line in source(c).splitlines()
        if line.startswith("## ")
    ]
    assert len(headings) == len(english), "the same sections"
    for en, ko in zip(english, headings):
        assert ko.startswith(HEADINGS[en]) if en in HEADINGS else ko.split(" ")[1] == en.split(" ")[1], (en, ko)
    later = [n for n in NAMES if n > name]
    assert re.search(rf"\*\*다음:\*\* \[[^\]]+\]\({re.escape(later[0] if later else NAMES[0])}\)", source(cells[-1]))


def test_notebook_00_has_the_korean_course_map(entries):
    cell = next(c for c in load(translate.KO_DIR / "00_start_here.ipynb")["cells"] if course_map.START in source(c))
    assert translate.notebook_map(entries) in source(cell)
    assert re.findall(r"^\| \[[^\]]+\]\((\d\d_[a-z0-9_]+\.ipynb)\)", source(cell), re.M) == NAMES


def test_readme_ko_has_the_course_map(entries):
    readme = translate.README_KO.read_text(encoding="utf-8")
    assert readme == course_map.replace_block(readme, translate.notebook_map(entries, "notebooks/ko/"), "README.ko.md")
    assert all(f"](notebooks/ko/{name})" in readme for name in NAMES)
    assert "그림 속 글자" in readme and "영어로 둡니다" in readme  # the figures' language is stated


# The glossary ------------------------------------------------------------------------------------

CODE_MATH_LINKS = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|\]\([^)]*\)|<[^>\n]*>", re.S)


def prose(text: str) -> str:
    """The text without code, math, link targets, HTML tags and the generated course map: what the
    glossary governs."""
    return re.sub(r"\s+", " ", CODE_MATH_LINKS.sub(" ", translate.without_course_map(text)))


def uses_english(term: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(s|es)?(?![\w-])", prose(text), re.I) is not None


def built():
    """The Korean notebooks there are (test_the_korean_edition_has_exactly_the_english_notebooks checks all are)."""
    return [name for name in NAMES if (translate.KO_DIR / name).exists()]


def translated_pairs():
    for name in built():
        for en, ko in korean_cells(name):
            if en["cell_type"] == "markdown":
                yield name, en["id"], source(en), source(ko)


def test_glossary_terms_are_lowercase_and_distinct():
    assert all(term == term.lower() for term in TERMS)
    assert len(set(TERMS.values())) == len(TERMS), "one Korean term a concept"
    for notebook, cell, term in EXCEPTIONS:
        assert term in TERMS and notebook in NAMES, (notebook, cell, term)


def test_an_english_term_is_translated_by_its_korean_term():
    wrong = [
        f"{name} cell {cell_id}: '{term}' should be '{korean}'"
        for name, cell_id, en, ko in translated_pairs()
        for term, korean in TERMS.items()
        if (name, cell_id, term) not in EXCEPTIONS and uses_english(term, en) and korean not in prose(ko)
    ]
    assert not wrong, "translations/ko/glossary.yml's terms not used (or list an exception there):\n" + "\n".join(wrong)


def first_use(korean: str, text: str) -> int:
    """Where the term is first used on its own (기울기, not the 기울기 of 기울기 소실); -1 if never."""
    longer = [k for k in TERMS.values() if k != korean and k.startswith(korean)]
    for match in re.finditer(re.escape(korean), text):
        if not any(text.startswith(k, match.start()) for k in longer):
            return match.start()
    return -1


def test_each_term_has_its_english_in_parentheses_at_first_use():
    missing = []
    for name in built():
        # Titles, headings and the link to the next notebook name things; the prose introduces them.
        lines = [line for _, ko in korean_cells(name) if ko["cell_type"] == "markdown" for line in source(ko).splitlines()]
        text = prose("\n".join(line for line in lines if not line.startswith(("#", "**다음:**"))))
        for term, korean in TERMS.items():
            first = first_use(korean, text)
            # "**숏컷**(shortcut)으로": the emphasis may close before the English, so that it renders.
            if first >= 0 and not re.match(rf"\**\s?\({re.escape(term)}", text[first + len(korean) :], re.I):
                missing.append(f"{name}: first '{korean}' is not followed by '({term})': ...{text[first : first + 40]!r}")
    assert not missing, "\n".join(missing)


# Emphasis ----------------------------------------------------------------------------------------

# A closing ** or * right after punctuation closes only before a space or punctuation (CommonMark's
# flanking rule), so "**숏컷(shortcut)**으로" shows its asterisks; "**숏컷**(shortcut)으로" renders.
UNCLOSED = re.compile(r"(?<=[^\s\w*])\*{1,3}(?=[\uac00-\ud7a3])")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)


def stray_emphasis(text: str) -> list[str]:
    """The places where markdown leaves a * of emphasis unrendered because a Korean letter follows
    a closing delimiter after punctuation."""
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt("commonmark").parse(MATH.sub("X", text)):
        for child in token.children or []:
            if child.type == "text":
                found += [child.content[max(0, m.start() - 20) : m.end() + 1] for m in UNCLOSED.finditer(child.content)]
    return found


def test_bold_and_italics_render_before_korean_particles():
    wrong = [
        f"{path.name} cell {cell_id}: {place!r}"
        for path in sorted(translate.TRANSLATIONS.glob("0*.yml"))
        for cell_id, entry in translate.load_yaml(path)["cells"].items()
        for place in stray_emphasis(entry["ko"])
    ]
    assert not wrong, "move the English out of the emphasis, e.g. **숏컷**(shortcut)으로:\n" + "\n".join(wrong)


def test_the_emphasis_check_can_fail():
    assert stray_emphasis("**숏컷(shortcut)**으로 돌아가고, *기울기 소실(vanishing gradient)*입니다.") == [
        "**숏컷(shortcut)**으",
        "(vanishing gradient)*입",
    ]
    assert stray_emphasis("**숏컷**(shortcut)으로, 배열(*텐서*)로, **ceil(n / s)** 개, `a**b`, $x**2$이고") == []


def test_the_glossary_checks_can_fail():
    assert uses_english("residual block", "Two residual blocks, then `residual_block(x)`.")
    assert not uses_english("residual block", "Call `residual block` here: $residual block$.")
    assert not uses_english("layer", "multi-layered")
    assert first_use("기울기", "기울기 소실(vanishing gradient)과 기울기(gradient)") == len("기울기 소실(vanishing gradient)과 ")


# `make html` and `make slides` --------------------------------------------------------------------


def test_the_site_puts_the_korean_edition_in_ko_with_its_own_index(tmp_path):
    import build_site  # tools/build_site.py (imports nbconvert)

    korean, english = translate.KO_DIR / NAMES[1], translate.NOTEBOOK_DIR / NAMES[1]
    assert (build_site.edition(korean), build_site.edition(english)) == ("ko", "")
    assert build_site.exporter("html", up="../").require_js_url == "../" + build_site.offline_assets.URLS["require_js_url"]
    title, first, time_needed = build_site.summary(korean)
    assert title.startswith("01 · 스킵 연결") and first.startswith("잔차 블록") and time_needed.startswith("읽고 해 보는 데")
    (tmp_path / "ko").mkdir()
    index = build_site.write_index(tmp_path / "ko", [(korean, korean.stem + ".html")], "html", "ko", other=True)
    page = index.read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and f'href="{korean.stem}.html"' in page and 'href="../index.html"' in page
    english_index = build_site.write_index(tmp_path, [(english, english.stem + ".html")], "html", "", other=True)
    assert 'href="ko/index.html"' in english_index.read_text(encoding="utf-8")
