"""The no-repeat rule for Chinese prose (``llm.repeats``): unit tests on token ids, and one run through real
llama.cpp on SmolLM2-135M showing the processor is applied while the model writes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from llm_fixtures import find_test_model

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


@pytest.mark.model
def test_real_llama_cpp_applies_the_rule_while_writing():
    """SmolLM2 loops on a repetitive prompt; under the rule (English words counted as prose for this test) its
    answer holds no 3-word run twice, and the processor reports what it pushed down."""
    model = find_test_model()
    if model is None:
        pytest.skip("no test GGUF; `make test` fetches SmolLM2-135M")
    from llama_cpp import Llama, LogitsProcessorList

    llm = Llama(model_path=str(model), n_ctx=512, n_threads=2, seed=1, verbose=False)
    try:
        def piece(t: int) -> str:
            return llm.detokenize([t]).decode("utf-8", "ignore")

        def word(text: str) -> bool:
            return text.strip().isalpha()

        prompt = "Repeat forever: the cat sat on the mat, the cat sat on the mat, the cat sat on the mat,"
        plain = llm.create_completion(prompt, max_tokens=48, temperature=0.0)["choices"][0]["text"]
        proc = NoRepeatProse(piece, n=3, prose=word)
        ruled = llm.create_completion(prompt, max_tokens=48, temperature=0.0,
                                      logits_processor=LogitsProcessorList([proc]))["choices"][0]["text"]
        ids = [int(t) for t in llm.tokenize((prompt + ruled).encode("utf-8"))]
        generated = [t for t in ids[len(llm.tokenize(prompt.encode("utf-8"))):]]
        prose = [word(piece(t)) for t in generated]
        # seeded (a retry): the phrase written elsewhere cannot be written at all
        seeded = NoRepeatProse(piece, n=3, prose=word)
        phrase = llm.tokenize(b" the cat sat on the mat", add_bos=False)
        seeded.seed(phrase)
        copy_prompt = "Copy this line exactly: the cat sat on the mat\nCopy:"
        copied = llm.create_completion(copy_prompt, max_tokens=16, temperature=0.0,
                                       logits_processor=LogitsProcessorList([seeded]))["choices"][0]["text"]
    finally:
        llm.close()
    assert proc.banned > 0, (plain, ruled)
    assert ruled != plain
    grams = [tuple(generated[i:i + 3]) for i in range(len(generated) - 2) if all(prose[i:i + 3])]
    assert len(grams) == len(set(grams)), ruled
    assert seeded.banned > 0 and "the cat sat on the mat" not in copied, copied
