"""The experiments the notebooks run and benchmarks/ repeats: training the score model, degradation,
gradient flow, lesions, loss landscapes and their curvature, timing, the roofline, speed levers and
data parallelism.
Nothing here imports matplotlib or ipywidgets, so benchmarks and worker processes import no widgets."""
