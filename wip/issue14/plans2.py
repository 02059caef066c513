import sys, keras
from dataclasses import replace
from helpers.experiments import score_training as st
b, e, s, seed = map(int, sys.argv[1:5])
plan = replace(st.DEFAULT_PLAN, batch_size=b, epochs=e, steps_per_epoch=s)
r = st.train_score_model(plan, seed=seed, verbose=0)
m = st.score_metrics(r.model, *st.test_set())
print(f"b{b} {e}x{s} seed{seed} images {plan.train_images} fit {r.seconds:.1f} s  R2 {m['r2']:.4f} MAE {m['mae']:.3f}", flush=True)
