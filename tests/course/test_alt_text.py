"""Every figure in the built site and decks has alt text: the description helpers store with the PNG."""

from helpers.display.figures import describe, figure_with_alt, new_figure

import base64
import re
import sys

import nbformat
import pytest
from repo import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402


def notebook_with_figures() -> tuple[nbformat.NotebookNode, str]:
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], label="residual <F(X) + X>")
    ax.set(title="Outputs", xlabel="X", ylabel="output")
    ax.legend()
    png, metadata = figure_with_alt(fig)
    data = {"image/png": base64.b64encode(png).decode(), "text/plain": "<Figure>"}
    described = nbformat.v4.new_output("display_data", data=data, metadata={"image/png": metadata})
    bare = nbformat.v4.new_output("display_data", data=data)  # e.g. an image from elsewhere
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · Figures"), nbformat.v4.new_code_cell("fig", outputs=[described, bare])]
    return nb, describe(fig)


@pytest.mark.parametrize("kind", ["html", "slides"])
def test_every_image_has_alt_text(kind):
    nb, description = notebook_with_figures()
    body, _ = build_site.exporter(kind).from_notebook_node(nb, resources={"metadata": {"name": "99_figures"}})
    images = re.findall(r"<img\b[^>]*>", body)
    assert len(images) == 2
    alts = [re.search(r'alt="([^"]*)"', image) for image in images]
    assert all(alts), images
    assert alts[0].group(1) == description.replace("<", "&lt;").replace(">", "&gt;")
    assert alts[1].group(1) == "A figure without a description"
