"""The no-repeat rule for Chinese prose (``llm.repeats``): unit tests on token ids, and one run through real
llama.cpp on SmolLM2-135M showing the processor is applied while the model writes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from llm_fixtures import require_test_model

from paperbrief.llm.repeats import PENALTY, NoRepeatProse, is_cjk_piece

# token id -> text: 1..9 Chinese, 10..12 JSON syntax and numbers
PIECES = {1: "视觉", 2: "提示", 3: "使", 4: "分数", 5: "校正", 6: "产生", 7: "纹理", 8: "，", 9: "。",
          10: '","', 11: "18", 12: ".4"}


def _proc(n: int = 3) -> NoRepeatProse:
    return NoRepeatProse(PIECES.__getitem__, n=n)


def _run(proc: NoRepeatProse, prompt: list[int], out: list[int]) -> np.ndarray:
    return proc(np.array(prompt + out, dtype=np.intc), np.zeros(16, dtype=np.single))


def test_cjk_pieces():
    assert is_cjk_piece("校正") and is_cjk_piece("，") and is_cjk_piece("。")
    assert not is_cjk_piece('","') and not is_cjk_piece("18") and not is_cjk_piece(" AID") and not is_cjk_piece("")


def test_the_token_completing_a_written_phrase_is_pushed_down():
    proc = _proc(3)
    prompt = [1, 2, 3, 4]  # the prompt's own text may be repeated: it is not indexed
    logits = _run(proc, prompt, [])
    assert proc._start == 4 and not logits.any()
    out = [1, 2, 3, 10, 1, 2]  # "视觉提示使" written, then "视觉提示" again
    logits = _run(proc, prompt, out)
    assert logits[3] == -PENALTY  # "使" would complete the 3-gram again
    assert (np.delete(logits, 3) == 0).all()
    assert proc.banned == 1


def test_runs_through_syntax_numbers_or_latin_do_not_count():
    proc = _proc(3)
    _run(proc, [], [])
    # "视觉 18 提示" is not an all-prose 3-gram, so "视觉 18" may be followed by "提示" again
    logits = _run(proc, [], [1, 11, 2, 10, 1, 11])
    assert not logits.any()
    # and a banned candidate must itself be prose: after "视觉提示" the syntax token stays free
    proc = _proc(3)
    _run(proc, [], [])
    logits = _run(proc, [], [1, 2, 10, 5, 1, 2])
    assert logits[10] == 0


def test_shorter_runs_repeat_freely():
    proc = _proc(4)
    _run(proc, [], [])
    logits = _run(proc, [], [1, 2, 3, 10, 1, 2])  # a 3-token term may appear twice under n=4
    assert not logits.any()


def test_seeded_phrases_are_barred_from_the_start():
    """A retry's processor is seeded with the fields that stay published: their phrases cannot be written,
    and no n-gram is formed across two seeds."""
    proc = _proc(3)
    proc.seed([1, 2, 3, 8])  # "视觉提示使，"
    proc.seed([5, 6])
    _run(proc, [9], [])
    assert _run(proc, [9], [1, 2])[3] == -PENALTY
    assert _run(proc, [9], [2, 3])[8] == -PENALTY
    fresh = _proc(3)
    fresh.seed([1, 2, 3, 8])
    fresh.seed([5, 6])
    _run(fresh, [9], [])
    assert _run(fresh, [9], [8, 5])[6] == 0  # "，校正产生" would span the two seeds: not barred


def test_n_below_two_is_rejected():
    with pytest.raises(ValueError):
        NoRepeatProse(PIECES.__getitem__, n=1)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=60), st.integers(2, 5))
def test_greedy_decoding_under_the_rule_never_repeats_a_prose_ngram(choices, n):
    """Whatever the model prefers, an output sampled under the rule has no all-prose n-gram twice."""
    proc = _proc(n)
    out: list[int] = []
    _run(proc, [7, 7, 7], [])
    for want in choices:
        logits = np.zeros(16, dtype=np.single)
        logits[want] = 5.0
        logits[10] = 1.0  # the syntax token is always allowed
        logits = proc(np.array([7, 7, 7] + out, dtype=np.intc), logits)
        out.append(int(np.argmax(logits)))
    grams = [tuple(out[i:i + n]) for i in range(len(out) - n + 1)
             if all(is_cjk_piece(PIECES[t]) for t in out[i:i + n])]
    assert len(grams) == len(set(grams))


class _Watch:
    """A logits processor around ``rule`` that records, at every step, which tokens the rule pushed down.
    ``before_rule(out, logits)``, when given, runs first (with the tokens written so far)."""

    def __init__(self, rule: NoRepeatProse, before_rule=None) -> None:
        self.rule, self.before_rule, self.pushed = rule, before_rule, []
        self.start: int | None = None

    def __call__(self, input_ids, logits):
        if self.start is None:
            self.start = len(input_ids)
        if self.before_rule:
            self.before_rule([int(t) for t in input_ids[self.start:]], logits)
        before = np.array(logits, copy=True)
        logits = self.rule(input_ids, logits)
        self.pushed.append({int(t) for t in np.nonzero(logits < before)[0]})
        return logits


def _generate(llm, prompt: str, watch: _Watch | None = None, max_tokens: int = 48) -> list[int]:
    """The token ids the model writes greedily (the very ids sampled, not the text tokenized again)."""
    from llama_cpp import LogitsProcessorList

    out: list[int] = []
    processors = LogitsProcessorList([watch]) if watch else None
    for token in llm.generate(llm.tokenize(prompt.encode("utf-8")), temp=0.0, logits_processor=processors):
        if token == llm.token_eos() or len(out) == max_tokens:
            break
        out.append(int(token))
    return out


def _grams(ids: list[int], prose: list[bool], n: int = 3) -> list[tuple[int, ...]]:
    return [tuple(ids[i:i + n]) for i in range(len(ids) - n + 1) if all(prose[i:i + n])]


@pytest.mark.model
def test_real_llama_cpp_applies_the_rule_while_writing():
    """Through real llama.cpp (SmolLM2), with English words counted as prose for this test. llama.cpp's
    output differs between CPUs, so nothing here depends on what the model writes: whatever it writes under the
    rule never holds a 3-word run twice or a seeded one, no token the rule pushed down is written, and a ban
    placed on the model's own favourite next token changes what it writes."""
    model = require_test_model()
    from llama_cpp import Llama

    llm = Llama(model_path=str(model), n_ctx=512, n_threads=2, seed=1, verbose=False)
    try:
        def piece(t: int) -> str:
            return llm.detokenize([t]).decode("utf-8", "ignore")

        def word(text: str) -> bool:
            return text.strip().isalpha()

        prompt = "Repeat forever: the cat sat on the mat, the cat sat on the mat, the cat sat on the mat,"
        plain = _generate(llm, prompt)
        ruled_watch = _Watch(NoRepeatProse(piece, n=3, prose=word))
        ruled = _generate(llm, prompt, ruled_watch)
        # seeded (a retry): the phrase written elsewhere cannot be written at all
        seeded = NoRepeatProse(piece, n=3, prose=word)
        phrase = llm.tokenize(b" the cat sat on the mat", add_bos=False)
        seeded.seed(phrase)
        copy_prompt = "Copy this line exactly: the cat sat on the mat\nCopy:"
        copy_plain = _generate(llm, copy_prompt, max_tokens=16)
        copy_watch = _Watch(seeded)
        copied = _generate(llm, copy_prompt, copy_watch, max_tokens=16)

        # the rule at work whatever the model prefers: at the third token, the model's own favourite is
        # seeded as a repeat (every token counts as prose here), so the rule must push it down
        favourite: list[int] = []
        forced = NoRepeatProse(piece, n=2, prose=lambda text: True)

        def ban_the_favourite(out: list[int], logits) -> None:
            if len(out) == 2 and not favourite:
                favourite.append(int(np.argmax(logits)))
                forced.seed([out[-1], favourite[0]])

        forced_watch = _Watch(forced, ban_the_favourite)
        steered = _generate(llm, prompt, forced_watch, max_tokens=4)
        texts = {t: piece(t) for t in plain + ruled + list(phrase) + copy_plain + copied}
    finally:
        llm.close()
    piece = texts.__getitem__  # the model is closed: its token texts come from here

    for watch, ids in ((ruled_watch, ruled), (copy_watch, copied), (forced_watch, steered)):
        assert len(watch.pushed) >= len(ids)  # the processor ran before every token was chosen
        for token, pushed in zip(ids, watch.pushed):
            assert token not in pushed, (token, pushed)  # llama.cpp sampled from the rule's logits
    assert ruled_watch.rule.banned == sum(len(p) for p in ruled_watch.pushed)
    prose = [word(piece(t)) for t in ruled]
    assert len(_grams(ruled, prose)) == len(set(_grams(ruled, prose))), [piece(t) for t in ruled]
    plain_grams = _grams(plain, [word(piece(t)) for t in plain])
    if len(plain_grams) != len(set(plain_grams)):  # the model loops without the rule (SmolLM2 does here)
        assert ruled != plain and ruled_watch.rule.banned > 0
    seeded_grams = set(_grams(phrase, [word(piece(t)) for t in phrase]))
    assert not seeded_grams & set(_grams(copied, [word(piece(t)) for t in copied])), [piece(t) for t in copied]
    if seeded_grams & set(_grams(copy_plain, [word(piece(t)) for t in copy_plain])):  # it copies without the rule
        assert copied != copy_plain and seeded.banned > 0
    assert len(favourite) == 1 and favourite[0] in forced_watch.pushed[2] and forced.banned >= 1
    assert len(steered) < 3 or steered[2] != favourite[0]  # (shorter only if the model ended there instead)
