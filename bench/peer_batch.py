"""The peer's batch as a whole process: load its fitted pipeline (joblib), read a CSV, score it one row at a
time (the naive loop of bench/speed.py: `Peer.proba([text])` and `Peer.rank([text])` per row), write a CSV.

Used by bench/batch_speed.py as the whole-process counterpart of `hoaxcheck batch in.csv -o out.csv`.

    python bench/peer_batch.py PEER.joblib IN.csv -o OUT.csv
"""

import argparse
import csv

import joblib
from common import Peer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    ap.add_argument("input")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    fitted = joblib.load(args.model)
    peer = Peer()
    peer.clf, peer.retr, peer.index, peer.rows = fitted["clf"], fitted["retr"], fitted["index"], fitted["rows"]
    with open(args.input, encoding="utf-8-sig", newline="") as src, open(args.output, "w", encoding="utf-8", newline="") as dst:
        out = csv.writer(dst)
        out.writerow(["id", "hoax_probability", "top_id", "top_similarity"])
        for row in csv.DictReader(src):
            p = float(peer.proba([row["text"]])[0])
            top_id, sim = peer.rank([row["text"]])[0][0]
            out.writerow([row["id"], round(p, 4), top_id, round(sim, 4)])


if __name__ == "__main__":
    main()
