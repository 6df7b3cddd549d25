"""How often the style inferred from a manuscript is the style it was written in (#12 item 5).

    python bench/style_inference.py --seeds 1-20
    python bench/style_inference.py --seeds 1-20 --corpus ../shared/corpus/real

Generated manuscripts (tests/generated/generator.py), clean and with injected errors, in every
style and layout-independent form mix, are checked with no style named; the report counts
the manuscripts whose inferred style is their own, and the CP110 (mixed styles) findings on
them, which are all false alarms since each manuscript is written in one style. With
--corpus, each real paper's APA and Chicago renderings are scored the same way.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from citeproof import api
from citeproof.config import Config
from generated.generator import STYLES, generate, run_check


def seeds(text: str) -> list[int]:
    """Parse "1-20" or "1,4,9" or "7"."""
    out: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--corpus", help="the real-paper corpus folder (optional)")
    args = parser.parse_args()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    mixed: Counter[str] = Counter()
    wrong: list[str] = []
    for seed in seeds(args.seeds):
        for style in STYLES:
            for errors, forms in ((False, None), (False, ()), (True, ())):
                case = generate(seed, style=style, errors=errors, forms=forms)
                checked = run_check(case, name_style=False)
                inferred = checked.report.style.name if checked.report.style else "?"
                total[style] += 1
                right[style] += inferred == style
                mixed[style] += sum(d.code == "CP110" for d in checked.report.diagnostics)
                if inferred != style:
                    wrong.append(f"seed {seed} {style} errors={errors} forms={forms}: {inferred}")
    if args.corpus:
        folder = Path(args.corpus)
        for paper in sorted(p for p in folder.iterdir() if (p / "references.bib").is_file()):
            for style in ("apa", "chicago"):
                config = Config(
                    articles=(str(paper / f"article.{style}.txt"),),
                    bib=str(paper / "references.bib"),
                    use_cache=False,
                )
                checked = api.check(config)
                inferred = checked.report.style.name if checked.report.style else "?"
                name = f"corpus-{style}"
                total[name] += 1
                right[name] += inferred == style
                mixed[name] += sum(d.code == "CP110" for d in checked.report.diagnostics)
                if inferred != style:
                    wrong.append(f"{paper.name} {style}: {inferred}")
    print(f"{'written in':<16}{'manuscripts':>12}{'inferred right':>16}{'CP110':>7}")
    for name in total:
        print(f"{name:<16}{total[name]:>12}{right[name] / total[name]:>16.4f}{mixed[name]:>7}")
    for line in wrong:
        print("wrong:", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
