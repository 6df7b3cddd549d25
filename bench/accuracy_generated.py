"""Measure the check on generated manuscripts whose truth is known by construction (issue #12).

    python bench/accuracy_generated.py --seeds 1-20 --style all
    python bench/accuracy_generated.py --seeds 1-5 --style chicago --json
    python bench/accuracy_generated.py --seeds 1-20 --forms core   # no optional form class
    python bench/accuracy_generated.py --seeds 1-20 --style chicago --no-style

For every seed and style it generates a clean manuscript (every form class, no injected error)
and one with one injected finding of every class (tests/generated/generator.py), runs the check
through the public API and reports:

- citation recall and precision: a truth citation counts as found when the check's
  citation(s) overlapping its span resolve to exactly its key(s); precision is the share of
  the check's citations that do so (citations carrying an injected error are left out);
- recall per citation form class;
- recall and precision per injected code (a finding matches by code and place; CP201 by key);
- false alarms per clean manuscript: error and warning findings nobody injected.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from generated.generator import STYLES, evaluate, generate


def seeds(text: str) -> list[int]:
    """Parse "1-20" or "1,4,9" or "7"."""
    out: list[int] = []
    for part in text.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def measure(
    seed_list: list[int],
    styles: list[str],
    forms: tuple[str, ...] | None = None,
    name_style: bool = True,
) -> dict:
    """Run clean and error manuscripts for every seed and style; return the figures."""
    truth = found = resolutions = correct = 0
    clean_cases = 0
    clean_alarms: Counter[str] = Counter()
    form_truth: Counter[str] = Counter()
    form_found: Counter[str] = Counter()
    code_expected: Counter[str] = Counter()
    code_hit: Counter[str] = Counter()
    variant_expected: Counter[str] = Counter()
    variant_hit: Counter[str] = Counter()
    reported: Counter[str] = Counter()  # error/warning findings per code, error runs
    unexpected: Counter[str] = Counter()
    examples: dict[str, list] = defaultdict(list)
    exact_clean = 0
    for style in styles:
        for seed in seed_list:
            for errors in (False, True):
                case = generate(seed, style=style, errors=errors, forms=forms)
                outcome = evaluate(case, name_style=name_style)
                truth += outcome.truth
                found += outcome.found
                resolutions += outcome.resolutions - outcome.on_errors
                correct += outcome.correct
                for citation in case.citations:
                    form_truth[citation.form] += 1
                missed_forms = Counter(m[0].form for m in outcome.missed)
                for form, n in Counter(c.form for c in case.citations).items():
                    form_found[form] += n - missed_forms[form]
                for miss in outcome.missed:
                    if len(examples[f"form:{miss[0].form}"]) < 2:
                        examples[f"form:{miss[0].form}"].append(
                            {"seed": seed, "style": style, "text": miss[1], "check": miss[2]}
                        )
                if not errors:
                    clean_cases += 1
                    exact_clean += not outcome.false_alarms
                    for alarm in outcome.false_alarms:
                        clean_alarms[alarm[0]] += 1
                        if len(examples[f"alarm:{alarm[0]}"]) < 2:
                            examples[f"alarm:{alarm[0]}"].append(
                                {"seed": seed, "style": style, "finding": alarm}
                            )
                    continue
                for exp in outcome.expected_hit:
                    code_expected[exp.code] += 1
                    code_hit[exp.code] += 1
                    variant_expected[exp.variant] += 1
                    variant_hit[exp.variant] += 1
                    reported[exp.code] += 1
                for exp, codes in outcome.expected_missed:
                    code_expected[exp.code] += 1
                    variant_expected[exp.variant] += 1
                    if len(examples[f"missed:{exp.variant}"]) < 2:
                        examples[f"missed:{exp.variant}"].append(
                            {"seed": seed, "style": style, "text": exp.example, "reported": codes}
                        )
                for alarm in outcome.false_alarms:
                    reported[alarm[0]] += 1
                    unexpected[alarm[0]] += 1
    return {
        "seeds": seed_list,
        "styles": styles,
        "citations": {
            "truth": truth,
            "found": found,
            "recall": ratio(found, truth),
            "check_citations": resolutions,
            "precision": ratio(correct, resolutions),
        },
        "forms": {
            form: {"truth": form_truth[form], "recall": ratio(form_found[form], form_truth[form])}
            for form in sorted(form_truth)
        },
        "codes": {
            code: {
                "injected": code_expected[code],
                "recall": ratio(code_hit[code], code_expected[code]),
                "precision": ratio(code_hit[code], reported[code]),
            }
            for code in sorted(code_expected)
        },
        "variants": {
            v: {
                "injected": variant_expected[v],
                "recall": ratio(variant_hit[v], variant_expected[v]),
            }
            for v in sorted(variant_expected)
        },
        "clean": {
            "manuscripts": clean_cases,
            "false_alarms": sum(clean_alarms.values()),
            "per_manuscript": ratio(sum(clean_alarms.values()), clean_cases),
            "silent_manuscripts": exact_clean,
            "by_code": dict(sorted(clean_alarms.items())),
        },
        "unexpected_in_error_runs": dict(sorted(unexpected.items())),
        "examples": examples,
    }


def table(figures: dict) -> str:
    """The figures as a plain-text table."""
    c = figures["citations"]
    lines = [
        f"seeds {figures['seeds'][0]}-{figures['seeds'][-1]}, "
        f"styles {', '.join(figures['styles'])}",
        f"citations: recall {c['recall']} ({c['found']}/{c['truth']}), "
        f"precision {c['precision']} of {c['check_citations']} found",
        "",
        f"{'form class':<20} {'n':>5} {'recall':>7}",
    ]
    for form, f in figures["forms"].items():
        lines.append(f"{form:<20} {f['truth']:>5} {f['recall']!s:>7}")
    lines += ["", f"{'injected':<26} {'n':>5} {'recall':>7} {'precision':>9}"]
    for code, f in figures["codes"].items():
        lines.append(f"{code:<26} {f['injected']:>5} {f['recall']!s:>7} {f['precision']!s:>9}")
    lines.append("")
    for variant, f in figures["variants"].items():
        lines.append(f"  {variant:<24} {f['injected']:>5} {f['recall']!s:>7}")
    k = figures["clean"]
    lines += [
        "",
        f"clean manuscripts: {k['manuscripts']}, silent {k['silent_manuscripts']}, "
        f"false alarms {k['false_alarms']} ({k['per_manuscript']} per manuscript)",
        f"  by code: {k['by_code']}",
        f"unexpected findings in error runs: {figures['unexpected_in_error_runs']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1-20")
    parser.add_argument("--style", default="all", choices=[*STYLES, "all"])
    parser.add_argument(
        "--forms",
        default="all",
        help="form classes on top of the core: 'all', 'core' (none) or a comma list",
    )
    parser.add_argument(
        "--no-style",
        action="store_true",
        help="check without naming the style (as a user who does not say it)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    styles = list(STYLES) if args.style == "all" else [args.style]
    forms = None if args.forms == "all" else tuple(f for f in args.forms.split(",") if f != "core")
    figures = measure(seeds(args.seeds), styles, forms, name_style=not args.no_style)
    figures["style_named"] = not args.no_style
    figures["forms_used"] = args.forms
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
    else:
        print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
