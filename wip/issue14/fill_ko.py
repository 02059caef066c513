"""Write the Korean entries of notebook 05: every cell in KO gets the English text, its hash and the Korean."""
import json, sys
sys.path.insert(0, "/work/main/tools")
import translate
from pathlib import Path
ns = {}
exec(open("/tmp/scratch/ko05.py").read(), ns)
KO = ns["KO"]
subs = {}
exec(open("/tmp/scratch/subs.py").read(), {"subs": subs})
english = Path("/work/main/notebooks/05_training.ipynb")
path = translate.translation_path(english)
data = translate.load_yaml(path)
cells = data["cells"]
nb = json.loads(english.read_text())
ids = [c["id"] for c in nb["cells"] if c["cell_type"] == "markdown"]
new = {}
for c in nb["cells"]:
    if c["cell_type"] != "markdown":
        continue
    text = translate.text(c["source"])
    cid = c["id"]
    if cid in KO:
        ko = KO[cid]
        for k, v in subs.items():
            ko = ko.replace(k, v)
        assert not any(p in ko for p in ("TIME_", "DIGITS_", "BENCH_", "SUMMARY_", "BETTER_")), (cid, ko)
        new[cid] = {"hash": translate.english_hash(text), "en": text, "ko": ko}
    else:
        entry = cells[cid]
        assert entry["hash"] == translate.english_hash(text), f"stale without new Korean: {cid}"
        new[cid] = entry
data["cells"] = new
path.write_text(translate.HEADER.format(english.name) + translate.dump(data), encoding="utf-8") if hasattr(translate, "HEADER") else None
print("wrote", path, len(new))
