import sys, time, keras
from helpers.experiments import score_training as st
T0=[0]
class T(keras.callbacks.Callback):
    def on_train_begin(self, logs=None): print("train_begin", round(time.perf_counter()-T0[0],1), flush=True)
    def on_epoch_begin(self, e, logs=None): self.t=time.perf_counter(); print("eb", e, round(self.t-T0[0],1))
    def on_train_batch_end(self, b, logs=None):
        if b<2: print(" batch", b, round(time.perf_counter()-T0[0],1))
    def on_test_begin(self, logs=None): print(" test_begin", round(time.perf_counter()-T0[0],1))
    def on_test_end(self, logs=None): print(" test_end", round(time.perf_counter()-T0[0],1))
    def on_epoch_end(self, e, logs=None): print("epoch", e, round(time.perf_counter()-self.t,1), flush=True)
    def on_train_end(self, logs=None): print("train_end", round(time.perf_counter()-T0[0],1), flush=True)
orig = keras.Model.fit
def fit(self, *a, **k):
    k["callbacks"] = [T()]; k["verbose"]=0
    T0[0]=time.perf_counter()
    r= orig(self, *a, **k)
    print("fit returned", round(time.perf_counter()-T0[0],1))
    return r
keras.Model.fit = fit
task = sys.argv[1]
r = st.train_score_model(task=task, plan=st.DEFAULT_PLAN if task=="bars" else st.DIGITS_PLAN, verbose=0)
print("total", r.seconds)
