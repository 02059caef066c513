"""The data, all made in code or shipped with scikit-learn (no downloads): bar images whose score is
their angle (bars.py), real handwritten digits (digits.py) and photos (photos.py).
Nothing here imports matplotlib or ipywidgets."""
