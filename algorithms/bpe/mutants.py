"""The bug zoo of BPE: classic mistakes, each planted into a copy of the code and naming the
checks that must catch it (tests/test_bug_zoo.py runs them)."""

from parity.mutation import Mutant

VOCABULARY = frozenset({"vocabulary"})

MUTANTS = [
    Mutant("ties broken by the last pair met, not the first (textbook form)",
           "best = max(counts, key=counts.get)",
           "best = max(reversed(counts), key=counts.get)", VOCABULARY),
    Mutant("ties broken by the smallest ids, Hugging Face's rule, not the first met (fast form)",
           "best = tied[np.argmin(first[tied])]", "best = tied[0]", VOCABULARY),
    Mutant("a a a merged as (aa)(a) and (a)(aa) at once: overlapping merges (fast form)",
           "at = every_other_in_runs(at)", "at = at", VOCABULARY),
    Mutant("the textbook merge steps one id after a merge, so a pair's second id is kept too",
           "            merged.append(new_id)\n            i += 2",
           "            merged.append(new_id)\n            i += 1", VOCABULARY),
    Mutant("encode merges the pair of highest id first",
           "        _, i = min(ranked)", "        _, i = max(ranked)", frozenset({"encode"})),
    Mutant("decode drops the pieces of a cut character instead of writing U+FFFD",
           'decode("utf-8", errors="replace")', 'decode("utf-8", errors="ignore")',
           frozenset({"encode"})),
    Mutant("encode takes bytes unchecked, and fails deep inside the regex",
           "for piece in split(check_text(text, allow_empty=True), self.pattern):",
           "for piece in split(text, self.pattern):", frozenset({"errors"})),
]
