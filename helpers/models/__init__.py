"""The networks: the blog's (blog.py, the seed's code), the papers' blocks (blocks.py), one configurable
builder for the ResNet family (resnets.py), what a model costs (costs.py, conv_arithmetic.py), comparing
two models layer by layer (compare.py), and the scalar and path-counting models of notebooks 01 and 00.
Nothing here imports matplotlib or ipywidgets."""
